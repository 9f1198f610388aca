import Anthropic from '@anthropic-ai/sdk';
import { expect, it } from 'vitest';
import { inEnglish } from '../i18n/english';
import { classifyFailure, retryDelayMs, retryStatus } from './retry';

const apiError = (status: number, message = 'x', headers: Record<string, string> = {}) =>
  Anthropic.APIError.generate(status, { type: 'error', error: { type: 'x', message } }, message, new Headers(headers));

it('retries overload, rate limits, server errors and broken streams; ends on the rest', () => {
  expect(classifyFailure(apiError(529))).toEqual({ kind: 'retry', reason: 'overloaded' });
  expect(classifyFailure(apiError(429, 'x', { 'retry-after': '7' }))).toEqual({ kind: 'retry', reason: 'rate_limited', retryAfterMs: 7000 });
  expect(classifyFailure(apiError(500))).toMatchObject({ kind: 'retry', reason: 'server' });
  expect(classifyFailure(new Anthropic.APIConnectionError({ message: 'reset' }))).toMatchObject({ kind: 'retry', reason: 'connection' });
  expect(classifyFailure(new Anthropic.AnthropicError('terminated'))).toMatchObject({ kind: 'retry', reason: 'stream_cut' });
  expect(classifyFailure(new SyntaxError('Unexpected end of JSON input'))).toMatchObject({ kind: 'retry', reason: 'stream_cut' });
  expect(classifyFailure(apiError(413))).toEqual({ kind: 'too_large' });
  expect(classifyFailure(apiError(400, 'prompt is too long: 210000 tokens > 200000 maximum'))).toEqual({ kind: 'too_large' });
  for (const status of [400, 401, 403, 404]) expect(classifyFailure(apiError(status))).toEqual({ kind: 'fatal' });
  expect(classifyFailure(new Anthropic.APIUserAbortError())).toEqual({ kind: 'fatal' });
});

it('backs off by doubling, honours retry-after, and caps the wait', () => {
  expect([1, 2, 3, 4].map((n) => retryDelayMs(n))).toEqual([1000, 2000, 4000, 8000]);
  expect(retryDelayMs(2, 500)).toBe(500);
  expect(retryDelayMs(20)).toBe(60_000);
});

it('says what it waits for', () => {
  expect(inEnglish(retryStatus('overloaded', 8000, false))).toBe('Claude is overloaded, retrying in 8 s.');
  expect(inEnglish(retryStatus('connection', 2000, true))).toMatch(/offline/);
});
