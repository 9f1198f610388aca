import Anthropic from '@anthropic-ai/sdk';

/**
 * An API failure in words the user can act on. Branches on the SDK's error classes, never on
 * message text.
 */
export function describeApiError(error: unknown, baseUrl?: string): string {
  if (error instanceof Anthropic.AuthenticationError) {
    return 'The API key was refused (401). Check the key in Settings: it should be an Anthropic API key that is still active.';
  }
  if (error instanceof Anthropic.PermissionDeniedError) {
    return 'The API key is not allowed to use this model or feature (403). Check your Anthropic account or pick another model in Settings.';
  }
  if (error instanceof Anthropic.NotFoundError) {
    return 'The model or endpoint was not found (404). Check the Model and API base URL in Settings.';
  }
  if (error instanceof Anthropic.RateLimitError) {
    return 'Anthropic is rate-limiting this key (429). Wait a minute and try again, or raise your account limits.';
  }
  if (error instanceof Anthropic.BadRequestError) {
    return `Anthropic rejected the request (400): ${apiMessage(error)}`;
  }
  if (error instanceof Anthropic.APIConnectionTimeoutError) {
    return `The request to ${baseUrl ?? 'the API'} timed out. Check your connection and try again.`;
  }
  if (error instanceof Anthropic.APIConnectionError) {
    return `Could not reach ${baseUrl ?? 'the API'}. Check your internet connection and the API base URL in Settings.`;
  }
  if (error instanceof Anthropic.InternalServerError || (error instanceof Anthropic.APIError && (error.status ?? 0) >= 500)) {
    return `Anthropic had a server error (${(error as InstanceType<typeof Anthropic.APIError>).status ?? 'unknown'}). Try again in a moment.`;
  }
  if (error instanceof Anthropic.APIError) {
    return `The API answered with an error${error.status ? ` (${error.status})` : ''}: ${apiMessage(error)}`;
  }
  if (error instanceof Anthropic.AnthropicError) return `The model client failed: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}

function apiMessage(error: InstanceType<typeof Anthropic.APIError>): string {
  const body = error.error as { error?: { message?: unknown } } | undefined;
  const message = body?.error?.message;
  return typeof message === 'string' && message ? message : error.message;
}
