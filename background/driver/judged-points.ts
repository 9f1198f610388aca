import { ToolError } from '@anthropic-ai/sdk/helpers/beta/toolsets';
import type { Layout, Point } from '../../src/browser/geometry';
import { hitTest } from './action-target';

/** Closer than this, two viewport points are the same point (the mapping's rounding). */
const SAME_POINT_PX = 0.5;

/**
 * The element the policy judged under a coordinate, per tab, until the click there. The click
 * hit-tests again just before it presses: if the page scrolled, the side panel opened or closed,
 * the zoom changed or the page swapped what is there in between, it refuses rather than press
 * something nobody judged.
 */
export class JudgedPoints {
  readonly #byTab = new Map<number, { point: Point; backendNodeId: number }>();

  remember(tabId: number, point: Point, backendNodeId: number): void {
    this.#byTab.set(tabId, { point, backendNodeId });
  }

  /** Throws when the judged element is no longer what a press at `point` hits; a point nobody judged passes. */
  async verify(tabId: number, point: Point, layout: () => Promise<Layout>): Promise<void> {
    const judged = this.#byTab.get(tabId);
    if (!judged || Math.hypot(judged.point.x - point.x, judged.point.y - point.y) > SAME_POINT_PX) return;
    this.#byTab.delete(tabId);
    const { pageX, pageY } = await layout();
    const now = await hitTest(tabId, { x: point.x + pageX, y: point.y + pageY }).catch(() => undefined);
    if (now?.backendNodeId !== judged.backendNodeId) {
      throw new ToolError(`What is under (${Math.round(point.x)}, ${Math.round(point.y)}) changed after Steward checked it (the page moved, or the window, zoom or side panel changed). Nothing was clicked. Take a new screenshot and use coordinates from it.`);
    }
  }
}
