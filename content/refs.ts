import { STALE_REFS } from '../src/browser/stale-refs';

/**
 * The refs of this document. A ref is bound to one element for as long as it lives; numbers come
 * from the background, which keeps a high-water mark per tab, so a ref is never reused for another
 * element, not even after a navigation.
 */
const byRef = new Map<string, WeakRef<Element>>();
const byElement = new WeakMap<Element, string>();
let next = 1;

export function refFor(element: Element): string {
  let ref = byElement.get(element);
  if (!ref) {
    ref = `ref_${next++}`;
    byElement.set(element, ref);
    byRef.set(ref, new WeakRef(element));
  }
  return ref;
}

/** Raises the next number to at least `floor`. */
export function reserveFrom(floor: number): void {
  next = Math.max(next, floor);
}

export function nextRefNumber(): number {
  return next;
}

export class PageError extends Error {
  override name = 'PageError';
}

/** The live element for a ref, or a PageError that tells the model what to do instead. */
export function elementForRef(ref: string): Element {
  const element = byRef.get(ref)?.deref();
  if (!element) {
    throw new PageError(STALE_REFS.notOnPage(ref));
  }
  if (!element.isConnected) {
    byRef.delete(ref);
    throw new PageError(STALE_REFS.removed(ref));
  }
  return element;
}
