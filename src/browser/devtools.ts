import type { MemberContext } from './context';
import type { MemberInput } from './inputs';

/** The cap on what a devtools member returns: logs can be huge, the context is not. */
const MAX_CHARS = 20_000;

function bounded(lines: string[], empty: string): string {
  if (lines.length === 0) return empty;
  let text = '';
  for (const [index, line] of lines.entries()) {
    if (text.length + line.length > MAX_CHARS) return `${text}(${lines.length - index} more entries cut)`;
    text += `${line}\n`;
  }
  return text.trimEnd();
}

export async function readConsole(ctx: MemberContext): Promise<string> {
  return bounded(await ctx.driver.readConsole(ctx.tabId), 'No console output since the last read (only what happened while Steward was attached is recorded).');
}

export async function readNetwork(ctx: MemberContext): Promise<string> {
  return bounded(await ctx.driver.readNetwork(ctx.tabId), 'No network requests since the last read (only what happened while Steward was attached is recorded).');
}

export async function javascriptExec(ctx: MemberContext, input: MemberInput<'javascript_exec'>): Promise<string> {
  const value = await ctx.driver.evaluate(ctx.tabId, input.text, ctx.signal);
  return value.length > MAX_CHARS ? `${value.slice(0, MAX_CHARS)}\n(result cut at ${MAX_CHARS.toLocaleString('en-US')} characters)` : value;
}
