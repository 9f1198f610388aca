import type { FrameStep } from '../protocol/content';

/**
 * Frame paths: which frame of a page an element is in, named so that a reload finds the same frame
 * again. Frame ids and tokens are handed out anew with every load; the iframe's address (as a
 * pattern), name and title, and its place among its parent's frames that share those, are not.
 */

/** What must stay the same for a URL to count as the same page: origin and path, not query or fragment. */
export function urlPattern(url: string): string {
  try {
    const parsed = new URL(url);
    // about:blank, about:srcdoc, data: and the like have no origin: the address without its query is the pattern.
    if (parsed.origin === 'null') return `${parsed.protocol}${parsed.pathname}`;
    return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '') || '/'}`;
  } catch {
    return url;
  }
}

/** A document's child frames, as its content script reported them in page order, made into steps of a frame path. */
export function frameStepsOf(children: ReadonlyArray<{ src: string; name?: string | undefined; title?: string | undefined }>): FrameStep[] {
  const seen = new Map<string, number>();
  return children.map((child) => {
    const step = { url: urlPattern(child.src), ...(child.name ? { name: child.name } : {}), ...(child.title ? { title: child.title } : {}) };
    const key = JSON.stringify([step.url, step.name ?? '', step.title ?? '']);
    const index = seen.get(key) ?? 0;
    seen.set(key, index + 1);
    return { ...step, index };
  });
}

function sameStep(a: FrameStep, b: FrameStep): boolean {
  return a.url === b.url && (a.name ?? '') === (b.name ?? '') && (a.title ?? '') === (b.title ?? '') && a.index === b.index;
}

/** Whether two paths name the same frame; no path is the top document. */
export function samePath(a: readonly FrameStep[] | undefined, b: readonly FrameStep[] | undefined): boolean {
  const left = a ?? [];
  const right = b ?? [];
  return left.length === right.length && left.every((step, at) => sameStep(step, right[at]!));
}

/** The innermost frame of a path, in words (`the frame "Search" (…/search-frame.html)`); empty for the top document. */
export function describePath(path: readonly FrameStep[] | undefined): string {
  const last = path?.at(-1);
  if (!last) return '';
  const label = last.title ?? last.name;
  return `the frame ${label ? `"${label}" ` : ''}(${last.url}${last.index > 0 ? `, number ${last.index + 1}` : ''})`;
}
