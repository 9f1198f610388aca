import Anthropic from '@anthropic-ai/sdk';
import { expect, it } from 'vitest';
import { describeApiError } from './errors';

const body = (type: string, message: string) => ({ type: 'error', error: { type, message } });

it('explains each API failure in words the user can act on', () => {
  const cases: Array<[unknown, RegExp]> = [
    [new Anthropic.AuthenticationError(401, body('authentication_error', 'x'), 'x', new Headers()), /API key was refused \(401\).*Settings/],
    [new Anthropic.PermissionDeniedError(403, body('permission_error', 'x'), 'x', new Headers()), /not allowed .* \(403\)/],
    [new Anthropic.NotFoundError(404, body('not_found_error', 'x'), 'x', new Headers()), /not found \(404\)/],
    [new Anthropic.RateLimitError(429, body('rate_limit_error', 'x'), 'x', new Headers()), /rate-limiting .* \(429\)/],
    [new Anthropic.BadRequestError(400, body('invalid_request_error', 'prompt is too long'), 'x', new Headers()), /rejected the request \(400\): prompt is too long/],
    [new Anthropic.InternalServerError(529, body('overloaded_error', 'x'), 'x', new Headers()), /server error \(529\)/],
    [new Anthropic.APIConnectionError({ message: 'fetch failed' }), /Could not reach https:\/\/api\.example/],
    [new Error('plain'), /^plain$/],
  ];
  for (const [error, expected] of cases) expect(describeApiError(error, 'https://api.example')).toMatch(expected);
});
