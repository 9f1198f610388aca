/** What a person can see: the rules read_page and locate share. */

const SHOWN: CheckVisibilityOptions = { visibilityProperty: true, contentVisibilityAuto: true };

export function isHiddenFromPeople(element: Element): boolean {
  if (element.getAttribute('aria-hidden') === 'true') return true;
  if ((element as HTMLElement).inert) return true;
  if (!element.checkVisibility(SHOWN)) return true;
  return false;
}

export function viewportRect(): DOMRect {
  return new DOMRect(0, 0, window.innerWidth, window.innerHeight);
}

export function intersect(a: DOMRect, b: DOMRect): DOMRect | undefined {
  const left = Math.max(a.left, b.left);
  const top = Math.max(a.top, b.top);
  const right = Math.min(a.right, b.right);
  const bottom = Math.min(a.bottom, b.bottom);
  if (right <= left || bottom <= top) return undefined;
  return new DOMRect(left, top, right - left, bottom - top);
}

/** The part of the element's box that ancestors with overflow clipping and the viewport leave visible. */
export function visibleRect(element: Element): DOMRect | undefined {
  let rect: DOMRect | undefined = element.getBoundingClientRect();
  if (rect.width === 0 || rect.height === 0) return undefined;
  for (let ancestor = element.parentElement; ancestor && rect; ancestor = ancestor.parentElement) {
    const style = getComputedStyle(ancestor);
    if (style.overflowX !== 'visible' || style.overflowY !== 'visible') {
      if (ancestor !== document.documentElement && ancestor !== document.body) rect = intersect(rect, ancestor.getBoundingClientRect());
    }
  }
  return rect && intersect(rect, viewportRect());
}

export function isInViewport(element: Element): boolean {
  const rect = element.getBoundingClientRect();
  return rect.width > 0 && rect.height > 0 && intersect(rect, viewportRect()) !== undefined;
}
