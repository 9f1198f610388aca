import { PageError } from './refs';
import { describeElement } from './semantics';
import { intersect, viewportRect, visibleRect } from './visibility';

/** chrome.runtime.getFrameId (Chrome 106+) maps an <iframe> to the frame id the extension APIs use. */
const runtime = chrome.runtime as typeof chrome.runtime & { getFrameId?: (target: Element | Window) => number };

export function frameIdOf(element: HTMLIFrameElement | HTMLFrameElement): number | undefined {
  try {
    const id = runtime.getFrameId?.(element);
    return typeof id === 'number' && id >= 0 ? id : undefined;
  } catch {
    return undefined;
  }
}

function findFrameElement(frameId: number): HTMLIFrameElement | HTMLFrameElement {
  const stack: Array<Document | ShadowRoot> = [document];
  while (stack.length) {
    const root = stack.pop()!;
    for (const element of root.querySelectorAll('iframe, frame, *')) {
      if ((element instanceof HTMLIFrameElement || element instanceof HTMLFrameElement) && frameIdOf(element) === frameId) return element;
      if (element.shadowRoot) stack.push(element.shadowRoot);
    }
  }
  throw new PageError('That frame is no longer on the page. Call read_page again.');
}

/**
 * The frame's content box in this frame's viewport (where the child viewport's (0, 0) lands here),
 * and, for a point in the child's viewport, whether the frame is what a click there would hit.
 */
export function frameRect(frameId: number, scrollIntoView: boolean, point?: { x: number; y: number }) {
  const element = findFrameElement(frameId);
  if (scrollIntoView && !intersect(element.getBoundingClientRect(), viewportRect())) {
    element.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
  }
  const box = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  const left = box.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
  const top = box.top + parseFloat(style.borderTopWidth) + parseFloat(style.paddingTop);
  let onTop = true;
  if (point) {
    const hit = document.elementFromPoint(left + point.x, top + point.y);
    onTop = hit === element;
    if (!onTop && hit) return { x: left, y: top, width: box.width, height: box.height, onTop, description: describeElement(hit) };
  }
  return { x: left, y: top, width: box.width, height: box.height, onTop, description: visibleRect(element) ? describeElement(element) : 'hidden frame' };
}
