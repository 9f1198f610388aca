import type { BetaScreenshotResult } from '@anthropic-ai/sdk/helpers/beta/toolsets';
import type { MemberContext } from './context';
import { screenshotFrame } from './geometry';

/** The viewport as a JPEG in the frame the model's coordinates use (see geometry.ts). */
export async function screenshot(ctx: MemberContext): Promise<BetaScreenshotResult> {
  const viewport = await ctx.driver.viewport(ctx.tabId);
  const frame = screenshotFrame(viewport);
  const image = await ctx.driver.capture(ctx.tabId, { width: frame.width, height: frame.height }, ctx.signal);
  return { data: image.data, mediaType: image.mediaType };
}
