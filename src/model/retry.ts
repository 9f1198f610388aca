import Anthropic from '@anthropic-ai/sdk';
import { msg, type Words, words } from '../i18n/words';

/** What to do about a failed model call. */
export type FailureKind =
  | { kind: 'retry'; reason: 'overloaded' | 'rate_limited' | 'server' | 'connection' | 'stream_cut'; retryAfterMs?: number }
  | { kind: 'too_large' }
  | { kind: 'fatal' };

function retryAfterMs(error: InstanceType<typeof Anthropic.APIError>): number | undefined {
  const header = error.headers?.get?.('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/** Classifies by the SDK's error classes and statuses, never by message text, except the one case the API words. */
export function classifyFailure(error: unknown): FailureKind {
  if (error instanceof Anthropic.APIUserAbortError) return { kind: 'fatal' };
  if (error instanceof Anthropic.APIConnectionError) return { kind: 'retry', reason: 'connection' };
  if (error instanceof Anthropic.APIError && error.status !== undefined) {
    const after = retryAfterMs(error);
    const withAfter = after === undefined ? {} : { retryAfterMs: after };
    if (error.status === 429) return { kind: 'retry', reason: 'rate_limited', ...withAfter };
    if (error.status === 529) return { kind: 'retry', reason: 'overloaded', ...withAfter };
    if (error.status === 413) return { kind: 'too_large' };
    if (error.status === 400 && /prompt is too long|too many tokens|exceeds? the (maximum )?context/i.test(error.message)) return { kind: 'too_large' };
    if (error.status >= 500 || error.status === 408 || error.status === 409) return { kind: 'retry', reason: 'server', ...withAfter };
    return { kind: 'fatal' };
  }
  // A stream that broke off (a reset connection, a malformed event) surfaces as a plain SDK error.
  if (error instanceof Anthropic.AnthropicError || error instanceof SyntaxError || (error instanceof TypeError && /fetch|network|terminated/i.test(error.message))) {
    return { kind: 'retry', reason: 'stream_cut' };
  }
  return { kind: 'fatal' };
}

export const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 60_000;

/** The wait before attempt `attempt` (1 = first retry): the server's word when it gives one, else doubling. */
export function retryDelayMs(attempt: number, retryAfter?: number): number {
  if (retryAfter !== undefined) return Math.min(MAX_DELAY_MS, retryAfter);
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
}

/** What the panel says while it waits. */
export function retryStatus(reason: Extract<FailureKind, { kind: 'retry' }>['reason'], delayMs: number, offline: boolean): Words {
  const seconds = Math.max(1, Math.round(delayMs / 1000));
  if (offline) return words('retry_offline', seconds);
  const keys = { overloaded: msg('retry_overloaded'), rate_limited: msg('retry_rate_limited'), server: msg('retry_server'), connection: msg('retry_connection'), stream_cut: msg('retry_stream_cut') };
  return words(keys[reason], seconds);
}
