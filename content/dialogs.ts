import type { OpenDialog } from '../src/protocol/content';
import { accessibleName, roleOf, truncate, visibleText } from './semantics';
import { isHiddenFromPeople } from './visibility';

const DIALOG_SELECTOR = 'dialog[open], [role="dialog"], [role="alertdialog"], [aria-modal="true"]';
/** A fixed layer over the middle of the viewport that covers this much of it is an interstitial, whatever its role. */
const COVERING_SHARE = 0.5;

function shown(element: Element): boolean {
  const box = element.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && !isHiddenFromPeople(element);
}

function described(element: Element, fallbackRole: string): OpenDialog {
  const role = roleOf(element) ?? fallbackRole;
  const name = accessibleName(element, role) || visibleText(element);
  return { role: role === 'generic' ? fallbackRole : role, name: truncate(name, 80) };
}

/**
 * The fixed layer at the middle of the viewport, when it covers most of it: a consent wall or an
 * interstitial built of plain divs. One hit test and a walk up its ancestors, so it stays cheap.
 */
function coveringLayer(): Element | undefined {
  const hit = document.elementFromPoint(window.innerWidth / 2, window.innerHeight / 2);
  const viewport = window.innerWidth * window.innerHeight;
  for (let element = hit; element && element !== document.body && element !== document.documentElement; element = element.parentElement) {
    if (getComputedStyle(element).position !== 'fixed') continue;
    const box = element.getBoundingClientRect();
    const covered = Math.max(0, Math.min(box.right, window.innerWidth) - Math.max(box.left, 0)) * Math.max(0, Math.min(box.bottom, window.innerHeight) - Math.max(box.top, 0));
    if (viewport > 0 && covered / viewport >= COVERING_SHARE) return element;
  }
  return undefined;
}

/**
 * The dialogs open in this document: what a routine's replay compares with the recorded run, where a
 * dialog that was not there is a page that changed (a consent wall, a newsletter box, an interstitial).
 */
export function openDialogs(): OpenDialog[] {
  const found = [...document.querySelectorAll(DIALOG_SELECTOR)].filter(shown);
  const layer = coveringLayer();
  if (layer && !found.some((dialog) => dialog === layer || dialog.contains(layer) || layer.contains(dialog))) found.push(layer);
  // A dialog inside another counts once, as the outer one.
  return found.filter((dialog) => !found.some((other) => other !== dialog && other.contains(dialog))).map((dialog) => described(dialog, dialog === layer ? 'overlay' : 'dialog'));
}
