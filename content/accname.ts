/**
 * Accessible names, computed the way W3C accname 1.2 (and HTML-AAM) describe, step by step, so that
 * read_page shows the names a screen reader would announce and Chromium's own accessibility tree holds:
 * 2A hidden, 2B aria-labelledby, 2C embedded controls, 2D aria-label, 2E the host language's label,
 * 2F-2H name from content (CSS generated content included), 2I tooltip.
 */
import { generatedContent, type StyleCache, styleCache } from './accname-style';
import { roleOf } from './semantics';

/** Roles whose name comes from their content (ARIA 1.2 "name from: contents"). */
const NAME_FROM_CONTENT = new Set([
  'button', 'cell', 'checkbox', 'columnheader', 'gridcell', 'heading', 'link', 'menuitem', 'menuitemcheckbox',
  'menuitemradio', 'option', 'radio', 'row', 'rowheader', 'switch', 'tab', 'tooltip', 'treeitem', 'caption',
  'code', 'deletion', 'emphasis', 'insertion', 'mark', 'strong', 'subscript', 'superscript', 'term', 'time',
]);
/** Roles whose value an embedded control lends to the name it is part of (step 2C). */
const RANGE_ROLES = new Set(['slider', 'spinbutton', 'progressbar', 'scrollbar', 'meter']);
const TEXTBOX_ROLES = new Set(['textbox', 'searchbox']);
const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'tel', 'url', 'password', 'number', '']);
const BUTTON_INPUT_TYPES = new Set(['submit', 'reset', 'button']);
const LABELABLE = new Set(['BUTTON', 'INPUT', 'METER', 'OUTPUT', 'PROGRESS', 'SELECT', 'TEXTAREA']);
/** Elements that never add text of their own to a name from content. */
const NO_CONTENT = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'TITLE', 'META', 'LINK']);

interface Walk {
  styles: StyleCache;
  /** Nodes already on the way down: a label that contains its own control does not read the control again. */
  visited: Set<Node>;
  root: Element;
}

interface Step {
  /** Inside an aria-labelledby traversal: references are not followed again (2B). */
  labelledBy: boolean;
  /** Computing the name of an ancestor, a label or a reference (2C and 2F apply). */
  recursing: boolean;
  /** Inside a referenced subtree that is itself hidden: hidden content counts (2A). */
  hiddenAllowed: boolean;
}

function squash(text: string): string {
  return text.replace(/[\t\n\f\r ]+/g, ' ').trim();
}

/** Not rendered, or hidden from assistive technology (2A). */
function isHidden(element: Element, styles: StyleCache): boolean {
  if (element.getAttribute('aria-hidden') === 'true') return true;
  const style = styles.of(element);
  return style.display === 'none' || style.visibility === 'hidden' || style.visibility === 'collapse';
}

/** A whole subtree that is not rendered: display none on the element or an ancestor. */
function isSubtreeHidden(element: Element, styles: StyleCache): boolean {
  if (element.getAttribute('aria-hidden') === 'true') return true;
  return !element.checkVisibility({ visibilityProperty: true }) || styles.of(element).display === 'none';
}

/** The children that make up the flat tree: a shadow root's content, a slot's assigned nodes. Read, never changed, so the live lists are not copied. */
function flatChildren(node: Node): Iterable<Node> {
  if (node instanceof HTMLSlotElement) {
    const assigned = node.assignedNodes({ flatten: true });
    return assigned.length ? assigned : node.childNodes;
  }
  if (node instanceof Element && node.shadowRoot) return node.shadowRoot.childNodes;
  return node.childNodes;
}

function referencedElements(element: Element, attribute: string): Element[] {
  const ids = element.getAttribute(attribute)?.split(/\s+/).filter(Boolean) ?? [];
  const scope = element.getRootNode() as Document | ShadowRoot;
  return ids.map((id) => scope.getElementById(id)).filter((target): target is HTMLElement => target !== null);
}

/** 2C: the value a control lends to the label around it, or undefined when it is not such a control. */
function embeddedValue(element: Element, role: string | undefined, walk: Walk, step: Step): string | undefined {
  if (role && TEXTBOX_ROLES.has(role)) {
    if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) return element.value;
    return textOfContent(element, walk, step);
  }
  if (role === 'combobox' || role === 'listbox') {
    if (element instanceof HTMLSelectElement) return [...element.selectedOptions].map((option) => squash(option.text)).join(' ');
    if (element instanceof HTMLInputElement) return element.value;
    const selected = element.querySelectorAll('[role="option"][aria-selected="true"]');
    return [...selected].map((option) => computeName(option, walk, { ...step, recursing: true })).join(' ');
  }
  if (role && RANGE_ROLES.has(role)) {
    const text = element.getAttribute('aria-valuetext') ?? element.getAttribute('aria-valuenow');
    if (text !== null) return text;
    if (element instanceof HTMLInputElement || element instanceof HTMLMeterElement || element instanceof HTMLProgressElement) return String(element.value);
    return '';
  }
  return undefined;
}

/**
 * The <label>s of a labelable element. Form fields ask the browser; for buttons and the rest the
 * lookup is done by hand, because Chromium's `labels` scans the whole document for each element
 * (a table of 10,000 buttons took over a minute).
 */
function labelsOf(element: Element): HTMLLabelElement[] {
  if (element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement) return [...(element.labels ?? [])];
  const labels: HTMLLabelElement[] = [];
  const wrapping = element.closest('label');
  if (wrapping?.control === element) labels.push(wrapping);
  if (element.id) {
    const scope = element.getRootNode() as Document | ShadowRoot;
    for (const label of scope.querySelectorAll<HTMLLabelElement>(`label[for="${CSS.escape(element.id)}"]`)) if (label !== wrapping && label.control === element) labels.push(label);
  }
  return labels;
}

/** The labels of a labelable element, each read from its content (2E). */
function labelsText(element: Element, walk: Walk, step: Step): string {
  const labels = labelsOf(element);
  if (!labels.length) return '';
  const parts: string[] = [];
  for (const label of labels) {
    // Labels nested in one another (invalid, but seen): the outer one has read the inner one already.
    if (walk.visited.has(label)) continue;
    walk.visited.add(label);
    // Unlike an aria-labelledby target, a hidden label names nothing (as in Chromium).
    if (!step.hiddenAllowed && isSubtreeHidden(label, walk.styles)) continue;
    parts.push(textOfContent(label, walk, { labelledBy: step.labelledBy, recursing: true, hiddenAllowed: step.hiddenAllowed }));
  }
  return squash(parts.join(' '));
}

function childText(element: Element, selector: string, walk: Walk, step: Step): string {
  for (const child of element.children) {
    if (child.matches(selector)) return squash(textOfContent(child, walk, { ...step, recursing: true }));
  }
  return '';
}

/** 2E: what the host language says names the element, or '' (and 2F/2I still apply). */
function nativeName(element: Element, role: string | undefined, walk: Walk, step: Step): string {
  const tag = element.tagName;
  if (LABELABLE.has(tag) && !(element instanceof HTMLInputElement && element.type === 'hidden')) {
    const fromLabels = labelsText(element, walk, step);
    if (fromLabels) return fromLabels;
  }
  if (element instanceof HTMLInputElement) {
    const type = element.type;
    if (BUTTON_INPUT_TYPES.has(type)) {
      if (element.hasAttribute('value')) return element.value;
      return type === 'submit' ? 'Submit' : type === 'reset' ? 'Reset' : '';
    }
    if (type === 'image') return squash(element.alt) || squash(element.value) || squash(element.title) || 'Submit';
    if (type === 'file') return '';
  }
  if (tag === 'IMG' || tag === 'AREA') return squash(element.getAttribute('alt') ?? '');
  if (tag === 'FIELDSET') return childText(element, 'legend', walk, step);
  if (tag === 'TABLE') return childText(element, 'caption', walk, step);
  if (tag === 'FIGURE') return childText(element, 'figcaption', walk, step);
  if (tag === 'IFRAME' || tag === 'FRAME') return squash(element.getAttribute('title') ?? '');
  if (element instanceof SVGElement && tag.toLowerCase() === 'svg') return childText(element, 'title', walk, step);
  if (tag === 'OPTGROUP') return squash(element.getAttribute('label') ?? '');
  if (role && TEXTBOX_ROLES.has(role) && (element instanceof HTMLTextAreaElement || (element instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(element.type)))) {
    return squash(element.getAttribute('title') ?? '') || squash(element.getAttribute('placeholder') ?? '') || squash(element.getAttribute('aria-placeholder') ?? '');
  }
  return '';
}

/** Display values that join a box to the text around it without a space (Chromium spaces everything else, display: contents too). */
function isInlineDisplay(display: string): boolean {
  return display === 'inline' || display === 'ruby' || display === '';
}

/** Elements whose content is not text a person reads: form controls and images draw their own. */
const NO_CONTENT_NAME = new Set(['INPUT', 'IMG', 'SELECT', 'TEXTAREA', 'IFRAME', 'FRAME', 'OBJECT', 'EMBED', 'VIDEO', 'AUDIO', 'CANVAS']);

/** Text as CSS text-transform shows it: a name says what a person reads. */
function transformed(text: string, transform: string): string {
  if (transform === 'uppercase') return text.toUpperCase();
  if (transform === 'lowercase') return text.toLowerCase();
  if (transform === 'capitalize') return text.replace(/(^|\s)(\p{L})/gu, (_, space: string, letter: string) => space + letter.toUpperCase());
  return text;
}

/** 2F-2H: the text of an element's content: pseudo-elements, text, and each child's own name, spaced as laid out. */
function textOfContent(element: Element, walk: Walk, step: Step): string {
  if (NO_CONTENT_NAME.has(element.tagName)) return '';
  const before = generatedContent(element, '::before', walk.styles);
  const after = generatedContent(element, '::after', walk.styles);
  let text = before;
  const childStep: Step = { ...step, recursing: true };
  const visibleSelf = step.hiddenAllowed || walk.styles.of(element).visibility === 'visible';
  for (const child of flatChildren(element)) {
    if (child.nodeType === Node.TEXT_NODE) {
      // A text node's visibility is its parent's: a slotted one follows its light-DOM parent.
      const parent = child.parentElement;
      const shown = step.hiddenAllowed || (parent === element ? visibleSelf : !parent || walk.styles.of(parent).visibility === 'visible');
      if (shown) text += transformed(child.textContent ?? '', parent ? walk.styles.of(parent).textTransform : 'none');
      continue;
    }
    if (!(child instanceof Element) || NO_CONTENT.has(child.tagName)) continue;
    if (child.tagName === 'BR') {
      text += ' ';
      continue;
    }
    const part = computeName(child, walk, childStep);
    const display = walk.styles.of(child).display;
    text += isInlineDisplay(display) ? part : ` ${part} `;
  }
  return text + after;
}

/** One node's text alternative, the recursive heart of accname (steps 2A-2I). */
function computeName(element: Element, walk: Walk, step: Step, referenced = false): string {
  // 2A: hidden content counts only inside a hidden subtree that a label or reference points at.
  if (!step.hiddenAllowed && !referenced && isHidden(element, walk.styles)) {
    // visibility:hidden hides the element's own text, not a child that is made visible again.
    if (walk.styles.of(element).display === 'none' || element.getAttribute('aria-hidden') === 'true') return '';
    if (!step.recursing) return '';
    return textOfContent(element, walk, step);
  }
  if (walk.visited.has(element) && !referenced) return '';
  walk.visited.add(element);

  // 2B: aria-labelledby, followed once: a reference's own references are not.
  if (!step.labelledBy) {
    const targets = referencedElements(element, 'aria-labelledby');
    if (targets.length) {
      const parts = targets.map((target) => {
        const hiddenAllowed = step.hiddenAllowed || isSubtreeHidden(target, walk.styles);
        return computeName(target, walk, { labelledBy: true, recursing: true, hiddenAllowed }, true);
      });
      const joined = squash(parts.join(' '));
      if (joined) return joined;
    }
  }

  const role = roleOf(element);
  // 2C: a control inside a label lends its value, not its name.
  if (step.recursing && element !== walk.root) {
    const value = embeddedValue(element, role, walk, step);
    if (value !== undefined) return value;
  }

  // 2D: aria-label.
  const ariaLabel = squash(element.getAttribute('aria-label') ?? '');
  if (ariaLabel && !(role === 'presentation' || role === 'none')) return ariaLabel;

  // 2E: the host language's own label.
  const native = nativeName(element, role, walk, step);
  if (native) return native;
  if (element.tagName === 'IMG' && element.getAttribute('alt') === '') return '';

  // 2F-2H: name from content, for roles that take it and for everything inside a name being built.
  if (step.recursing || (role !== undefined && NAME_FROM_CONTENT.has(role))) {
    const content = squash(textOfContent(element, walk, step));
    if (content) return content;
  }

  // 2I: the tooltip, when nothing else gave a name; a descendant's tooltip adds nothing (as in Chromium).
  return step.recursing && !referenced && element !== walk.root ? '' : squash(element.getAttribute('title') ?? '');
}

/** The accessible name of an element, whitespace collapsed; `role` overrides the element's own for name-from-content. */
export function accessibleName(element: Element, role: string | undefined = roleOf(element)): string {
  const walk: Walk = { styles: styleCache(), visited: new Set(), root: element };
  const step: Step = { labelledBy: false, recursing: false, hiddenAllowed: false };
  if (role !== undefined && role !== roleOf(element) && NAME_FROM_CONTENT.has(role)) {
    // A caller that knows better (a clickable div shown as a button) gets the content-based name.
    return computeName(element, walk, step) || squash(textOfContent(element, walk, { ...step, recursing: true }));
  }
  return squash(computeName(element, walk, step));
}
