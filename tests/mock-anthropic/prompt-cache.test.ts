import { expect, it } from 'vitest';
import { MIN_CACHEABLE_TOKENS, PromptCache } from './prompt-cache';
import type { BetaMessageCreateParams } from './server';

const long = 'x'.repeat(MIN_CACHEABLE_TOKENS * 4 * 2);

function request(turns: number, breakpointAtEnd: boolean): BetaMessageCreateParams {
  const messages: BetaMessageCreateParams['messages'] = [{ role: 'user', content: 'task' }];
  for (let i = 0; i < turns; i++) {
    messages.push({ role: 'assistant', content: [{ type: 'text', text: `step ${i} ${'y'.repeat(400)}` }] });
    messages.push({ role: 'user', content: [{ type: 'text', text: `result ${i} ${'z'.repeat(400)}` }] });
  }
  const last = messages.at(-1)!;
  if (breakpointAtEnd && Array.isArray(last.content)) (last.content[0] as { cache_control?: unknown }).cache_control = { type: 'ephemeral' };
  return { model: 'm', max_tokens: 10, system: [{ type: 'text', text: long, cache_control: { type: 'ephemeral' } }], messages };
}

it('writes at breakpoints and reads the longest cached prefix on the next request', () => {
  const cache = new PromptCache();
  const first = cache.account(request(1, true));
  expect(first.cacheRead).toBe(0);
  expect(first.cacheWrite).toBeGreaterThan(MIN_CACHEABLE_TOKENS);
  const second = cache.account(request(2, true));
  expect(second.cacheRead).toBe(first.cacheWrite);
  // Only the new turn is written; nothing after the last breakpoint is left uncached.
  expect(second.cacheWrite).toBeLessThan(300);
  expect(second.input).toBe(0);
});

it('without a rolling breakpoint, the conversation is paid in full every time', () => {
  const cache = new PromptCache();
  cache.account(request(1, false));
  const later = cache.account(request(10, false));
  expect(later.input).toBeGreaterThan(2000);
  expect(later.cacheRead).toBeGreaterThan(MIN_CACHEABLE_TOKENS);
});
