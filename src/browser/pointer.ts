import { ToolError } from '@anthropic-ai/sdk/helpers/beta/toolsets';
import type { MemberContext } from './context';
import { isInside, type Point, toCssPoint } from './geometry';
import type { MemberInput } from './inputs';
import { parseModifiers } from './keys';

type Target = MemberInput<'left_click'>['target'];

/** Where to press for a target: a located element's live centre, or a screenshot point mapped to CSS pixels. */
export async function resolvePoint(ctx: MemberContext, target: Target): Promise<{ point: Point; description: string }> {
  if (target.type === 'ref') {
    const located = await ctx.driver.locate(ctx.tabId, target.ref);
    return { point: located.point, description: `${located.description} (${target.ref})` };
  }
  const viewport = await ctx.driver.viewport(ctx.tabId);
  const point = toCssPoint(target, viewport);
  if (!isInside(point, viewport)) {
    throw new ToolError(
      `(${target.x}, ${target.y}) is outside the viewport. Take a screenshot and use coordinates from it.`,
    );
  }
  return { point, description: `(${Math.round(target.x)}, ${Math.round(target.y)})` };
}

export async function leftClick(ctx: MemberContext, input: MemberInput<'left_click'>): Promise<string> {
  const modifiers = parseModifiers(input.modifiers, ctx.driver.platform);
  const { point, description } = await resolvePoint(ctx, input.target);
  await ctx.driver.click(ctx.tabId, point, { button: 'left', clickCount: 1, modifiers });
  return `On ${description}.`;
}

/** One wheel notch, in CSS pixels, as Chromium scrolls for a mouse wheel. */
const NOTCH = 100;

export async function scroll(ctx: MemberContext, input: MemberInput<'scroll'>): Promise<void> {
  const { point } = await resolvePoint(ctx, input.target);
  const amount = (input.scroll_amount ?? 3) * NOTCH;
  const delta = {
    up: { x: 0, y: -amount },
    down: { x: 0, y: amount },
    left: { x: -amount, y: 0 },
    right: { x: amount, y: 0 },
  }[input.scroll_direction];
  await ctx.driver.wheel(ctx.tabId, point, delta);
}
