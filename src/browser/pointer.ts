import { ToolError } from '@anthropic-ai/sdk/helpers/beta/toolsets';
import type { MemberContext } from './context';
import type { ClickOptions, Driver } from './driver';
import { isInside, type Point, type PointerPoint, pointerPoint } from './geometry';
import type { MemberInput } from './inputs';
import { parseModifiers } from './keys';

type Target = MemberInput<'left_click'>['target'];
type Coordinate = MemberInput<'mouse_move'>['target'];

/**
 * Where a screenshot point lands, refused when it lies outside the viewport. The policy
 * (background/driver/action-target.ts) judges the point through this same function, from the same
 * layout reading the click then uses.
 */
export async function screenshotPoint(driver: Pick<Driver, 'viewport' | 'screenshotViewport'>, tabId: number, target: Point): Promise<PointerPoint> {
  const layout = await driver.viewport(tabId);
  // The model's coordinates are in the last screenshot's frame: from another viewport (the side
  // panel opened or closed, the window or the zoom changed) they would point somewhere else.
  const shot = await driver.screenshotViewport?.(tabId);
  if (shot && (Math.abs(shot.width - layout.width) >= 1 || Math.abs(shot.height - layout.height) >= 1)) {
    throw new ToolError(
      `The page's viewport changed since the last screenshot (${Math.round(shot.width)}x${Math.round(shot.height)} then, ${Math.round(layout.width)}x${Math.round(layout.height)} now: the side panel, the window or the zoom changed). Take a new screenshot and use coordinates from it.`,
    );
  }
  const point = pointerPoint(target, layout);
  if (!isInside(point.viewport, layout)) {
    throw new ToolError(`(${target.x}, ${target.y}) is outside the viewport. Take a screenshot and use coordinates from it.`);
  }
  return point;
}

/** A screenshot point as CSS pixels of the viewport, where input goes. */
async function cssPoint(ctx: MemberContext, target: Coordinate): Promise<Point> {
  return (await screenshotPoint(ctx.driver, ctx.tabId, target)).viewport;
}

/** Where to act for a target: a located element's live centre, or a screenshot point mapped to CSS pixels. */
export async function resolvePoint(ctx: MemberContext, target: Target): Promise<{ point: Point; description: string }> {
  if (target.type === 'ref') {
    const located = await ctx.driver.locate(ctx.tabId, target.ref);
    return { point: located.point, description: `${located.description} (${target.ref})` };
  }
  return { point: await cssPoint(ctx, target), description: `(${Math.round(target.x)}, ${Math.round(target.y)})` };
}

function clicker(button: ClickOptions['button'], clickCount: number) {
  return async (ctx: MemberContext, input: MemberInput<'left_click'>): Promise<string> => {
    const modifiers = parseModifiers(input.modifiers, ctx.driver.platform);
    const { point, description } = await resolvePoint(ctx, input.target);
    await ctx.driver.click(ctx.tabId, point, { button, clickCount, modifiers });
    return `On ${description}.`;
  };
}

export const leftClick = clicker('left', 1);
export const rightClick = clicker('right', 1);
export const middleClick = clicker('middle', 1);
export const doubleClick = clicker('left', 2);
export const tripleClick = clicker('left', 3);

export async function hover(ctx: MemberContext, input: MemberInput<'hover'>): Promise<string> {
  const { point, description } = await resolvePoint(ctx, input.target);
  await ctx.driver.mouseMove(ctx.tabId, point, { leftButtonDown: false });
  return `Over ${description}.`;
}

export async function drag(ctx: MemberContext, input: MemberInput<'left_click_drag'>): Promise<string> {
  const from = await cssPoint(ctx, input.from);
  const to = await cssPoint(ctx, input.target);
  await ctx.driver.drag(ctx.tabId, from, to, ctx.signal);
  return `From (${Math.round(input.from.x)}, ${Math.round(input.from.y)}) to (${Math.round(input.target.x)}, ${Math.round(input.target.y)}).`;
}

export async function mouseDown(ctx: MemberContext, input: MemberInput<'left_mouse_down'>): Promise<void> {
  const point = await cssPoint(ctx, input.target);
  await ctx.driver.mouseMove(ctx.tabId, point, { leftButtonDown: false });
  await ctx.driver.mouseButton(ctx.tabId, point, 'down');
}

export async function mouseUp(ctx: MemberContext, input: MemberInput<'left_mouse_up'>): Promise<void> {
  const point = await cssPoint(ctx, input.target);
  await ctx.driver.mouseMove(ctx.tabId, point, { leftButtonDown: true });
  await ctx.driver.mouseButton(ctx.tabId, point, 'up');
}

/** Moves the pointer; a button pressed with left_mouse_down stays pressed, so moves between them drag. */
export async function mouseMove(ctx: MemberContext, input: MemberInput<'mouse_move'>, leftButtonDown: boolean): Promise<void> {
  await ctx.driver.mouseMove(ctx.tabId, await cssPoint(ctx, input.target), { leftButtonDown });
}

/** One wheel notch, in CSS pixels, as Chromium scrolls for a mouse wheel. */
const NOTCH = 100;

export async function scroll(ctx: MemberContext, input: MemberInput<'scroll'>): Promise<void> {
  const point = await cssPoint(ctx, input.target);
  const amount = (input.scroll_amount ?? 3) * NOTCH;
  const delta = {
    up: { x: 0, y: -amount },
    down: { x: 0, y: amount },
    left: { x: -amount, y: 0 },
    right: { x: amount, y: 0 },
  }[input.scroll_direction];
  await ctx.driver.wheel(ctx.tabId, point, delta);
}

export async function scrollTo(ctx: MemberContext, input: MemberInput<'scroll_to'>): Promise<string> {
  return `${await ctx.driver.scrollTo(ctx.tabId, input.target.ref)} is in view.`;
}
