/** The largest image the model reads well: long edge and total pixels, as Anthropic recommends. */
export const MAX_IMAGE_LONG_EDGE = 1568;
export const MAX_IMAGE_PIXELS = 1_150_000;

export interface Size {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/**
 * The screenshot's size for a viewport of `css` CSS pixels, and the factor from CSS pixels to
 * screenshot pixels. Screenshots and coordinates share this one frame, so a point the model reads
 * off an image maps back exactly, whatever the device pixel ratio.
 */
export function screenshotFrame(css: Size): Size & { scale: number } {
  const width = Math.max(1, css.width);
  const height = Math.max(1, css.height);
  const scale = Math.min(1, MAX_IMAGE_LONG_EDGE / Math.max(width, height), Math.sqrt(MAX_IMAGE_PIXELS / (width * height)));
  return { width: Math.max(1, Math.floor(width * scale)), height: Math.max(1, Math.floor(height * scale)), scale };
}

/** A point the model gave in screenshot pixels, as CSS pixels of the viewport. */
export function toCssPoint(point: Point, css: Size): Point {
  const { scale } = screenshotFrame(css);
  return { x: point.x / scale, y: point.y / scale };
}

/** The viewport in CSS pixels, and where it sits on the page (the visual viewport's scroll offset). */
export interface Layout extends Size {
  pageX: number;
  pageY: number;
}

/**
 * Where a point read off a screenshot lands: in CSS pixels of the viewport, which is where input
 * goes (Input.dispatchMouseEvent), and on the page, which is where a hit test looks
 * (DOM.getNodeForLocation counts from the document's origin). The one mapping the policy and the
 * click both use, so the element judged is the element pressed. Page zoom and the device pixel
 * ratio are already in the layout: Chrome reports it in CSS pixels of the zoomed page.
 */
export interface PointerPoint {
  viewport: Point;
  page: Point;
}

export function pointerPoint(point: Point, layout: Layout): PointerPoint {
  const viewport = toCssPoint(point, layout);
  return { viewport, page: { x: viewport.x + layout.pageX, y: viewport.y + layout.pageY } };
}

/** A CSS point as the model sees it on a screenshot. */
export function toScreenshotPoint(point: Point, css: Size): Point {
  const { scale } = screenshotFrame(css);
  return { x: Math.round(point.x * scale), y: Math.round(point.y * scale) };
}

export function isInside(point: Point, css: Size): boolean {
  return point.x >= 0 && point.y >= 0 && point.x < css.width && point.y < css.height;
}

export interface Rect extends Point, Size {}

/**
 * The region of the viewport an approval card shows: `wanted` centred on the target's box, grown
 * to hold the whole box, and moved (not cut) to stay inside the viewport where it can.
 */
export function cropAround(box: Rect, viewport: Size, wanted: Size): Rect {
  const width = Math.min(viewport.width, Math.max(wanted.width, box.width + 32));
  const height = Math.min(viewport.height, Math.max(wanted.height, box.height + 32));
  const clamp = (start: number, size: number, limit: number) => Math.max(0, Math.min(start, limit - size));
  return {
    x: clamp(box.x + box.width / 2 - width / 2, width, viewport.width),
    y: clamp(box.y + box.height / 2 - height / 2, height, viewport.height),
    width,
    height,
  };
}
