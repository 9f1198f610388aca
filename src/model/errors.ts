import Anthropic from '@anthropic-ai/sdk';
import { inEnglish } from '../i18n/english';
import { type Words, words } from '../i18n/words';

/**
 * An API failure in words the user can act on. Branches on the SDK's error classes, never on
 * message text.
 */
export function apiErrorWords(error: unknown, baseUrl?: string): Words {
  if (error instanceof Anthropic.AuthenticationError) return words('api_error_401');
  if (error instanceof Anthropic.PermissionDeniedError) return words('api_error_403');
  if (error instanceof Anthropic.NotFoundError) return words('api_error_404');
  if (error instanceof Anthropic.RateLimitError) return words('api_error_429');
  if (error instanceof Anthropic.BadRequestError) return words('api_error_400', apiMessage(error));
  if (error instanceof Anthropic.APIConnectionTimeoutError) return baseUrl ? words('api_error_timeout', baseUrl) : words('api_error_timeout_api');
  if (error instanceof Anthropic.APIConnectionError) return baseUrl ? words('api_error_unreachable', baseUrl) : words('api_error_unreachable_api');
  if (error instanceof Anthropic.InternalServerError || (error instanceof Anthropic.APIError && (error.status ?? 0) >= 500)) {
    return words('api_error_server', (error as InstanceType<typeof Anthropic.APIError>).status ?? 'unknown');
  }
  if (error instanceof Anthropic.APIError) return error.status ? words('api_error_status', error.status, apiMessage(error)) : words('api_error_other', apiMessage(error));
  if (error instanceof Anthropic.AnthropicError) return words('api_error_client', error.message);
  return words('error_plain', error instanceof Error ? error.message : String(error));
}

/** The same in English: for the model, the audit log and the connection test's reply. */
export function describeApiError(error: unknown, baseUrl?: string): string {
  return inEnglish(apiErrorWords(error, baseUrl));
}

function apiMessage(error: InstanceType<typeof Anthropic.APIError>): string {
  const body = error.error as { error?: { message?: unknown } } | undefined;
  const message = body?.error?.message;
  return typeof message === 'string' && message ? message : error.message;
}
