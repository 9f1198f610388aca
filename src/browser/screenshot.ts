import type { BetaScreenshotResult } from '@anthropic-ai/sdk/helpers/beta/toolsets';
import { ToolError } from '@anthropic-ai/sdk/helpers/beta/toolsets';
import type { MemberContext } from './context';
import { MAX_IMAGE_LONG_EDGE, MAX_IMAGE_PIXELS, screenshotFrame } from './geometry';
import type { MemberInput } from './inputs';

/** How far zoom enlarges a small region: beyond this, it only blurs. */
const MAX_ZOOM = 4;

/** The viewport as a JPEG in the frame the model's coordinates use (see geometry.ts). */
export async function screenshot(ctx: MemberContext): Promise<BetaScreenshotResult> {
  const viewport = await ctx.driver.viewport(ctx.tabId);
  const frame = screenshotFrame(viewport);
  const image = await ctx.driver.capture(ctx.tabId, { width: frame.width, height: frame.height }, ctx.signal);
  return { data: image.data, mediaType: image.mediaType };
}

/** A region of the screenshot frame, cropped from a full-resolution capture and enlarged within the image limits. */
export async function zoom(ctx: MemberContext, input: MemberInput<'zoom'>): Promise<BetaScreenshotResult> {
  const viewport = await ctx.driver.viewport(ctx.tabId);
  const { width: frameWidth, height: frameHeight, scale } = screenshotFrame(viewport);
  const [x0, y0, x1, y1] = input.region as [number, number, number, number];
  if (x0 >= frameWidth || y0 >= frameHeight) {
    throw new ToolError(`The region starts outside the ${frameWidth}x${frameHeight} screenshot. Use coordinates from a screenshot.`);
  }
  const region = {
    x: x0 / scale,
    y: y0 / scale,
    width: (Math.min(x1, frameWidth) - x0) / scale,
    height: (Math.min(y1, frameHeight) - y0) / scale,
  };
  const factor = Math.min(
    MAX_ZOOM,
    MAX_IMAGE_LONG_EDGE / Math.max(region.width, region.height),
    Math.sqrt(MAX_IMAGE_PIXELS / (region.width * region.height)),
  );
  const output = { width: Math.max(1, Math.floor(region.width * factor)), height: Math.max(1, Math.floor(region.height * factor)) };
  const image = await ctx.driver.captureRegion(ctx.tabId, region, output, ctx.signal);
  return { data: image.data, mediaType: image.mediaType };
}
