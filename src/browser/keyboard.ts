import { ToolError } from '@anthropic-ai/sdk/helpers/beta/toolsets';
import type { MemberContext } from './context';
import type { MemberInput } from './inputs';
import { parseKeySequence } from './keys';

/** Types text at the focus: line breaks press Enter, as they would for a person typing. */
export async function type(ctx: MemberContext, input: MemberInput<'type'>): Promise<void> {
  const lines = input.text.split(/\r\n|\r|\n/);
  for (const [index, line] of lines.entries()) {
    if (index > 0) await ctx.driver.pressKeys(ctx.tabId, parseKeySequence('Enter', ctx.driver.platform), ctx.signal);
    if (line) await ctx.driver.insertText(ctx.tabId, line);
  }
}

export async function key(ctx: MemberContext, input: MemberInput<'key'>): Promise<void> {
  const strokes = parseKeySequence(input.text, ctx.driver.platform);
  const repeat = input.repeat ?? 1;
  for (let i = 0; i < repeat; i++) await ctx.driver.pressKeys(ctx.tabId, strokes, ctx.signal);
}

export async function holdKey(ctx: MemberContext, input: MemberInput<'hold_key'>): Promise<void> {
  const strokes = parseKeySequence(input.text, ctx.driver.platform);
  if (strokes.length !== 1) throw new ToolError('hold_key holds one key or chord; give it without spaces, such as "shift" or "ctrl+ArrowDown".');
  await ctx.driver.holdKeys(ctx.tabId, strokes[0]!, input.duration * 1000, ctx.signal);
}
