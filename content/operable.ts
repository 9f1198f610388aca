import { appearedAfterInput, someListAppeared } from './appeared';
import { accessibleName, describeElement, INTERACTIVE_ROLES, roleOf, truncate, visibleText } from './semantics';

/**
 * Items of composite widgets that the markup does not mark as controls, but a person can operate:
 * roving-tabindex items (tabindex="-1", focus moved by arrow keys, the click handled on the widget)
 * and the items of a suggestion list that appeared after typing. Each gets the role a person
 * would call it by, so read_page and find name it the way they would.
 */

/** The role an item plays in each composite widget, when the page gave the item none. */
const ITEM_ROLES: ReadonlyMap<string, string> = new Map([
  ['menu', 'menuitem'], ['menubar', 'menuitem'], ['listbox', 'option'], ['tablist', 'tab'], ['tree', 'treeitem'],
  ['radiogroup', 'radio'], ['toolbar', 'button'],
]);
/** Containers an item sits in without being a part of something else: they do not end the search for its widget. */
const PASS_THROUGH_ROLES = new Set(['listitem', 'group', 'none', 'presentation']);
/** How far above an item its widget may be (li > a > span is three). */
const MAX_WIDGET_DISTANCE = 4;
/** A suggestion list floats over the page: it or a near ancestor is positioned. */
const MAX_POPUP_DISTANCE = 3;
const CONTROL_SELECTOR = 'a[href], button, input, select, textarea, [role], [tabindex], [onclick]';

interface Widget {
  element: Element;
  role: string | undefined;
}

/** The composite widget or list an item belongs to, if one is near above it. */
function widgetAbove(element: Element): Widget | undefined {
  let node = element.parentElement;
  for (let distance = 0; node && distance < MAX_WIDGET_DISTANCE; distance++, node = node.parentElement) {
    const role = roleOf(node);
    if (role && (ITEM_ROLES.has(role) || role === 'list')) return { element: node, role };
    // The item is part of another control (a link's icon, a button's label), not an item of its own.
    if (role && INTERACTIVE_ROLES.has(role)) return undefined;
    if (role && !PASS_THROUGH_ROLES.has(role)) return undefined;
  }
  return undefined;
}

function isPopup(list: Element): boolean {
  let node: Element | null = list;
  for (let distance = 0; node && distance <= MAX_POPUP_DISTANCE; distance++, node = node.parentElement) {
    const position = getComputedStyle(node).position;
    if (position === 'absolute' || position === 'fixed') return true;
  }
  return false;
}

/** A list that answered typing and floats over the page: an autocomplete's suggestions. */
function isSuggestionList(list: Element): boolean {
  return someListAppeared() && appearedAfterInput(list) && isPopup(list);
}

/** A list made focusable is a widget of its own (jQuery UI's menu is a ul with tabindex="0"). */
function isListWidget(widget: Widget): boolean {
  return widget.role === 'list' && widget.element.hasAttribute('tabindex');
}

/**
 * The role of an item a person can operate that the page did not mark as a control, or undefined.
 * Cheap for almost every element: only elements with a tabindex, and list items while a list that
 * appeared after typing is on the page, are looked at further.
 */
export function operableItemRole(element: Element, role: string | undefined): string | undefined {
  if (role && INTERACTIVE_ROLES.has(role)) return undefined;
  if (element.hasAttribute('tabindex')) {
    const widget = widgetAbove(element);
    if (!widget) return undefined;
    const itemRole = widget.role && ITEM_ROLES.get(widget.role);
    if (itemRole) return itemRole;
    if (isSuggestionList(widget.element)) return 'option';
    return isListWidget(widget) ? 'listitem' : undefined;
  }
  const list = element.parentElement;
  if (element.tagName !== 'LI' || !list || PASS_THROUGH_ROLES.has(element.getAttribute('role') ?? '')) return undefined;
  // A list item of a widget (aria-activedescendant keeps focus on the list) or of a suggestion list is
  // the item itself, unless something inside it is the control (a link, a tabindex item).
  const listRole = roleOf(list);
  const itemRole = (listRole && ITEM_ROLES.get(listRole)) ?? (isSuggestionList(list) ? 'option' : undefined);
  return itemRole && !element.querySelector(CONTROL_SELECTOR) ? itemRole : undefined;
}

/**
 * Whether what is inside this element are items of their own rather than parts of one control:
 * a composite widget's children are each operable, a button's are not.
 */
export function holdsItems(element: Element, role: string | undefined): boolean {
  if (!role) return false;
  if (ITEM_ROLES.has(role)) return true;
  return role === 'list' && (element.hasAttribute('tabindex') || isSuggestionList(element));
}

/** The role read_page gives an element: its item role when it is an operable item, else its own. */
export function shownRole(element: Element): string | undefined {
  const role = roleOf(element);
  return operableItemRole(element, role) ?? role;
}

/**
 * `option "Latvia"`: how the timeline, the audit log and the policy name an element, by the role
 * read_page gave it. A roving menu's "Delete repository" link has no role of its own; named as a
 * bare `a`, the policy could not see what a click on it does.
 */
export function describeTarget(element: Element): string {
  const role = operableItemRole(element, roleOf(element));
  if (!role) return describeElement(element);
  const name = truncate(accessibleName(element, role) || visibleText(element), 80);
  return name ? `${role} ${JSON.stringify(name)}` : role;
}
