import type { Layout } from '../../src/browser/geometry';
import type { Send } from './input';

export type ZoomedLayout = Layout & { zoom: number };

/** The visual viewport: its size in CSS pixels, where it sits on the page, and Chrome's page zoom. */
export async function layoutOf(send: Send): Promise<ZoomedLayout> {
  const { cssVisualViewport: v } = await send<{ cssVisualViewport: { clientWidth: number; clientHeight: number; pageX: number; pageY: number; zoom?: number } }>(
    'Page.getLayoutMetrics',
  );
  return { width: v.clientWidth, height: v.clientHeight, pageX: v.pageX, pageY: v.pageY, zoom: v.zoom ?? 1 };
}

/**
 * Captures a region of the viewport (CSS pixels) at `scale` output pixels per CSS pixel. Chrome
 * renders the clip at that scale itself, so there is nothing to decode or resize here, and the
 * image matches the viewport the page lays out (a window-sized capture would not, under
 * emulation or a device pixel ratio other than 1).
 */
export async function captureClip(send: Send, layout: { pageX: number; pageY: number; zoom: number }, region: { x: number; y: number; width: number; height: number }, scale: number): Promise<string> {
  // The clip counts in the page's pixels before Chrome's zoom (125% makes each CSS pixel 1.25 of them).
  const z = layout.zoom;
  const shot = await send<{ data: string }>('Page.captureScreenshot', {
    format: 'jpeg',
    quality: 80,
    fromSurface: true,
    clip: { x: (layout.pageX + region.x) * z, y: (layout.pageY + region.y) * z, width: region.width * z, height: region.height * z, scale: scale / z },
  });
  return shot.data;
}
