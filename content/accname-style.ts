/**
 * Computed styles for one snapshot, one per element: the accessible-name walk, the hidden-text check and
 * the pointer check share them. read_page names thousands of elements, and a style (above all a
 * pseudo-element's) is the costly part.
 */

export interface StyleCache {
  of(element: Element): CSSStyleDeclaration;
  pseudo(element: Element, which: '::before' | '::after'): CSSStyleDeclaration;
  /** Whether any style rule could give this element a ::before or ::after with content. */
  mayGenerate(element: Element): boolean;
}

/** Every style rule that sets `content` on ::before or ::after, with the pseudo-element taken off its selector. */
const PSEUDO = /::?(?:before|after)\b/gi;

function collectGenerating(rules: CSSRuleList, hosts: string[]): boolean {
  for (const rule of rules) {
    if (rule instanceof CSSStyleRule) {
      PSEUDO.lastIndex = 0;
      if (PSEUDO.test(rule.selectorText) && rule.style.getPropertyValue('content')) {
        hosts.push(rule.selectorText.replace(PSEUDO, '').split(',').map((part) => part.trim() || '*').join(', '));
      }
      // Nested rules (CSS nesting) apply relative to this one: too costly to resolve here.
      if (rule.cssRules.length && [...rule.cssRules].some((inner) => inner instanceof CSSStyleRule && /::?(?:before|after)\b/i.test(inner.selectorText))) return false;
    } else if (rule instanceof CSSImportRule) {
      if (!rule.styleSheet || !collectSheet(rule.styleSheet, hosts)) return false;
    } else if ('cssRules' in rule && !collectGenerating((rule as CSSGroupingRule).cssRules, hosts)) {
      return false;
    }
  }
  return true;
}

/** False when the sheet cannot be read (another origin's): then every element may have generated content. */
function collectSheet(sheet: CSSStyleSheet, hosts: string[]): boolean {
  let rules: CSSRuleList;
  try {
    rules = sheet.cssRules;
  } catch {
    return false;
  }
  return collectGenerating(rules, hosts);
}

/** A matcher for one document or shadow root: undefined means "no rule can generate content here". */
function generatingMatcher(root: Document | ShadowRoot): ((element: Element) => boolean) | undefined {
  const hosts: string[] = [];
  for (const sheet of [...root.styleSheets, ...root.adoptedStyleSheets]) {
    if (!collectSheet(sheet, hosts)) return () => true;
  }
  if (!hosts.length) return undefined;
  const selector = hosts.join(', ');
  try {
    root.querySelector(selector);
  } catch {
    return () => true;
  }
  // :host rules live in the shadow root but style its host, which matches() cannot test from there.
  if (root instanceof ShadowRoot && /:host/.test(selector)) return () => true;
  return (element) => element.matches(selector);
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
  const matchers = new Map<Node, ((element: Element) => boolean) | undefined>();
  const matcherOf = (root: Node) => {
    if (!matchers.has(root)) matchers.set(root, root instanceof Document || root instanceof ShadowRoot ? generatingMatcher(root) : undefined);
    return matchers.get(root);
  };
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
    mayGenerate(element) {
      if (matcherOf(element.getRootNode())?.(element)) return true;
      // A shadow root's :host::before styles its host.
      return element.shadowRoot ? matcherOf(element.shadowRoot) !== undefined : false;
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
  if (!styles.mayGenerate(element)) return '';
  const style = styles.pseudo(element, which);
  if (style.display === 'none') return '';
  const text = contentText(style.content, element);
  if (!text) return '';
  const display = style.display;
  return display === 'inline' || display === '' ? text : ` ${text} `;
}
