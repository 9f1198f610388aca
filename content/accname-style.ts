/**
 * Computed styles for the accessible-name walk, read once per element per snapshot: read_page names
 * thousands of elements, and a style (above all a pseudo-element's) is the costly part.
 */

export interface StyleCache {
  of(element: Element): CSSStyleDeclaration;
  pseudo(element: Element, which: '::before' | '::after'): CSSStyleDeclaration;
}

let current: StyleCache | undefined;

/**
 * The cache for this task. A snapshot runs in one synchronous task, during which the page cannot
 * change; the cache is dropped at the next microtask, so a later snapshot never reads stale styles.
 */
export function styleCache(): StyleCache {
  if (current) return current;
  const styles = new Map<Element, CSSStyleDeclaration>();
  const befores = new Map<Element, CSSStyleDeclaration>();
  const afters = new Map<Element, CSSStyleDeclaration>();
  const cache: StyleCache = {
    of(element) {
      let style = styles.get(element);
      if (!style) styles.set(element, (style = getComputedStyle(element)));
      return style;
    },
    pseudo(element, which) {
      const map = which === '::before' ? befores : afters;
      let style = map.get(element);
      if (!style) map.set(element, (style = getComputedStyle(element, which)));
      return style;
    },
  };
  current = cache;
  queueMicrotask(() => {
    if (current === cache) current = undefined;
  });
  return cache;
}

/** One token of a CSS `content` value: a string, attr(), or something that adds no text (url(), counter(), quotes). */
const TOKEN = /"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|attr\(\s*([\w-]+)\s*\)|(\/)|[a-z-]+\((?:[^()]|\([^()]*\))*\)|[\w-]+/gi;

function unescape(text: string): string {
  return text.replace(/\\([0-9a-f]{1,6})\s?|\\(.)/gi, (_, hex: string | undefined, char: string | undefined) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : (char ?? ''),
  );
}

/**
 * The text a `content` value puts on the page, or its alternative text when it gives one after a
 * slash (`content: "\e900" / "Delete"`): an icon font's glyph is then named by the alternative.
 */
export function contentText(value: string, element: Element): string {
  if (!value || value === 'none' || value === 'normal') return '';
  let text = '';
  let alt: string | undefined;
  for (const match of value.matchAll(TOKEN)) {
    const [, double, single, attribute, slash] = match;
    if (slash) {
      alt = '';
      continue;
    }
    const piece = double !== undefined ? unescape(double) : single !== undefined ? unescape(single) : attribute ? (element.getAttribute(attribute) ?? '') : '';
    if (alt === undefined) text += piece;
    else alt += piece;
  }
  return alt ?? text;
}

/** The text of an element's ::before or ::after, spaced as a block when it is laid out as one. */
export function generatedContent(element: Element, which: '::before' | '::after', styles: StyleCache): string {
  const style = styles.pseudo(element, which);
  const text = contentText(style.content, element);
  if (!text) return '';
  const display = style.display;
  return display === 'inline' || display === '' ? text : ` ${text} `;
}
