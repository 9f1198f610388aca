import type { BetaBrowserNavigateResult } from '@anthropic-ai/sdk/helpers/beta/toolsets';
import { ToolError } from '@anthropic-ai/sdk/helpers/beta/toolsets';
import { delay, type MemberContext } from './context';
import type { NavigationTarget } from './driver';
import type { MemberInput } from './inputs';

/** Where `navigate` may go: web pages only; the policy narrows this further. */
const ALLOWED_PROTOCOLS = new Set(['http:', 'https:']);

/** The model's url as a navigation: history words, or an address with https:// assumed. */
export function navigationTarget(raw: string): NavigationTarget {
  const text = raw.trim();
  const word = text.toLowerCase();
  if (word === 'back' || word === 'forward' || word === 'reload') return { history: word };
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[^/:]+:\d+(\/|$)/.test(text);
  const candidate = hasScheme ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    throw new ToolError(`"${text}" is not a valid URL.`);
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) {
    throw new ToolError(`Navigation to ${url.protocol} URLs is not allowed. Use an http:// or https:// address.`);
  }
  return { url: url.href };
}

export async function navigate(ctx: MemberContext, input: MemberInput<'navigate'>): Promise<BetaBrowserNavigateResult> {
  const result = await ctx.driver.navigate(ctx.tabId, navigationTarget(input.url), ctx.signal);
  return { url: result.url, title: result.title, status: result.status };
}

export async function wait(ctx: MemberContext, input: MemberInput<'wait'>): Promise<void> {
  await delay(input.duration * 1000, ctx.signal);
}
