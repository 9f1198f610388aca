/** Roles, names and states of elements, following the ARIA rules closely enough for a person to recognise them. */
import { accessibleName } from './accname';

export { accessibleName };

const INPUT_ROLES: Record<string, string> = {
  button: 'button',
  submit: 'button',
  reset: 'button',
  image: 'button',
  checkbox: 'checkbox',
  radio: 'radio',
  range: 'slider',
  number: 'spinbutton',
  search: 'searchbox',
  email: 'textbox',
  tel: 'textbox',
  text: 'textbox',
  url: 'textbox',
  password: 'textbox',
  date: 'textbox',
  'datetime-local': 'textbox',
  month: 'textbox',
  time: 'textbox',
  week: 'textbox',
  color: 'textbox',
  file: 'button',
};

const TAG_ROLES: Record<string, string> = {
  BUTTON: 'button',
  TEXTAREA: 'textbox',
  SUMMARY: 'button',
  H1: 'heading',
  H2: 'heading',
  H3: 'heading',
  H4: 'heading',
  H5: 'heading',
  H6: 'heading',
  NAV: 'navigation',
  MAIN: 'main',
  ASIDE: 'complementary',
  DIALOG: 'dialog',
  TABLE: 'table',
  TR: 'row',
  TH: 'columnheader',
  TD: 'cell',
  UL: 'list',
  OL: 'list',
  LI: 'listitem',
  IMG: 'img',
  FORM: 'form',
  FIELDSET: 'group',
  OPTION: 'option',
  PROGRESS: 'progressbar',
  METER: 'meter',
  HR: 'separator',
};

export const INTERACTIVE_ROLES = new Set([
  'button', 'link', 'textbox', 'searchbox', 'combobox', 'listbox', 'option', 'checkbox', 'radio', 'switch',
  'slider', 'spinbutton', 'tab', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'treeitem', 'gridcell',
]);

export function roleOf(element: Element): string | undefined {
  const explicit = element.getAttribute('role')?.trim().split(/\s+/)[0];
  if (explicit && explicit !== 'presentation' && explicit !== 'none') return explicit;
  const tag = element.tagName;
  if (tag === 'A' || tag === 'AREA') return element.hasAttribute('href') ? 'link' : undefined;
  if (tag === 'INPUT') {
    const type = (element as HTMLInputElement).type;
    if (type === 'hidden') return undefined;
    if ((type === 'text' || type === 'search' || type === 'email' || type === 'tel' || type === 'url') && element.hasAttribute('list')) return 'combobox';
    return INPUT_ROLES[type] ?? 'textbox';
  }
  if (tag === 'SELECT') {
    const select = element as HTMLSelectElement;
    return select.multiple || select.size > 1 ? 'listbox' : 'combobox';
  }
  if (tag === 'HEADER' || tag === 'FOOTER') return element.closest('article, aside, main, nav, section') ? undefined : tag === 'HEADER' ? 'banner' : 'contentinfo';
  if (tag === 'SECTION') return element.hasAttribute('aria-label') || element.hasAttribute('aria-labelledby') ? 'region' : undefined;
  if ((element as HTMLElement).isContentEditable && !element.parentElement?.isContentEditable) return 'textbox';
  return TAG_ROLES[tag];
}

function squash(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** Text a person reads inside an element, skipping what is hidden from them. */
export function visibleText(element: Element): string {
  if (element instanceof HTMLElement) return squash(element.innerText);
  return squash(element.textContent);
}

/** State words and values, as read_page prints them after the ref. */
export function statesOf(element: Element, role: string | undefined): string[] {
  const states: string[] = [];
  const attr = (name: string) => element.getAttribute(name);
  if (element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio')) {
    if (element.indeterminate) states.push('mixed');
    else if (element.checked) states.push('checked');
  } else if (attr('aria-checked') === 'true') states.push('checked');
  else if (attr('aria-checked') === 'mixed') states.push('mixed');
  if (attr('aria-selected') === 'true' || (element instanceof HTMLOptionElement && element.selected)) states.push('selected');
  if (attr('aria-expanded') === 'true') states.push('expanded');
  else if (attr('aria-expanded') === 'false') states.push('collapsed');
  if (attr('aria-pressed') === 'true') states.push('pressed');
  if ((element as HTMLInputElement).disabled || attr('aria-disabled') === 'true') states.push('disabled');
  if ((element as HTMLInputElement).required || attr('aria-required') === 'true') states.push('required');
  if (attr('aria-invalid') === 'true' || ((element as HTMLInputElement).willValidate && (element as HTMLInputElement).validity && !(element as HTMLInputElement).validity.valid && element.matches(':user-invalid'))) {
    states.push('invalid');
  }
  if ((element as HTMLInputElement).readOnly) states.push('readonly');
  if (element === deepActiveElement()) states.push('focused');
  if (role === 'heading') {
    const level = /^H([1-6])$/.exec(element.tagName)?.[1] ?? attr('aria-level');
    if (level) states.push(`level=${level}`);
  }
  const value = valueOf(element);
  if (value !== undefined) states.push(`value=${JSON.stringify(value)}`);
  if (role === 'link') {
    const href = attr('href');
    if (href && !href.startsWith('javascript:')) states.push(`href=${JSON.stringify(truncate(href, 200))}`);
  }
  return states;
}

function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** The value a person sees in a field; a password is never shown. */
export function valueOf(element: Element): string | undefined {
  if (element instanceof HTMLInputElement) {
    if (['checkbox', 'radio', 'submit', 'reset', 'button', 'image', 'hidden', 'file'].includes(element.type)) return undefined;
    if (element.type === 'password') return element.value ? '••••••' : undefined;
    return element.value ? truncate(element.value, 200) : undefined;
  }
  if (element instanceof HTMLTextAreaElement) return element.value ? truncate(element.value, 200) : undefined;
  if (element instanceof HTMLSelectElement) {
    const selected = [...element.selectedOptions].map((option) => squash(option.text));
    return selected.length ? selected.join(', ') : undefined;
  }
  const ariaValue = element.getAttribute('aria-valuetext') ?? element.getAttribute('aria-valuenow');
  return ariaValue ?? undefined;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** `button "Submit"`: how the timeline and errors name an element. */
export function describeElement(element: Element): string {
  const role = roleOf(element) ?? element.tagName.toLowerCase();
  const name = truncate(accessibleName(element, role), 80);
  return name ? `${role} ${JSON.stringify(name)}` : role;
}
