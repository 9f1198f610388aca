import type { ContentReply } from '../src/protocol/content';
import { openDialogs } from './dialogs';
import { frameToken } from './frames';
import { holdsItems, operableItemRole } from './operable';
import { nextRefNumber, refFor, reserveFrom } from './refs';
import { accessibleName, roleOf, truncate, valueOf, visibleText } from './semantics';
import { isInteractive, SKIPPED_TAGS, visibleChildren } from './snapshot';
import { concealment, hasOwnText } from './hidden-text';
import { isHiddenFromPeople, isInViewport } from './visibility';

type Candidate = ContentReply<'findCandidates'>['candidates'][number];
type ChildFrame = ContentReply<'findCandidates'>['frames'][number];

/** What identifies a child frame across reloads, as this document shows it: where it loads from, its name and its title. */
function childFrameFacts(element: HTMLIFrameElement | HTMLFrameElement, token: string): ChildFrame {
  const src = element instanceof HTMLIFrameElement && element.srcdoc ? 'about:srcdoc' : element.src || 'about:blank';
  const name = element.getAttribute('name')?.trim();
  const title = element.getAttribute('title')?.trim();
  return { token, src, ...(name ? { name: truncate(name, 100) } : {}), ...(title ? { title: truncate(title, 100) } : {}) };
}

/** Tells this document's widget groups from another frame's, whose candidates the driver adds to the same list. */
const DOCUMENT_GROUP = Math.random().toString(36).slice(2, 8);

const CONTEXT_SELECTOR = 'li, tr, article, section, fieldset, form, [role="row"], [role="listitem"], [role="group"], [role="dialog"]';
const CONTEXT_HEADING = 'h1, h2, h3, h4, h5, h6, legend, caption, [role="heading"]';

/** The words around an element that tell similar ones apart: its row, item or section, or the heading before it. */
function nearbyText(element: Element): string | undefined {
  const container = element.parentElement?.closest(CONTEXT_SELECTOR);
  if (container) {
    const heading = container.querySelector(CONTEXT_HEADING);
    const text = heading ? visibleText(heading) : visibleText(container);
    if (text) return truncate(text, 200);
  }
  return undefined;
}

function attributeWords(element: Element): string | undefined {
  const words = [
    element.id,
    typeof element.className === 'string' ? element.className : '',
    element.getAttribute('name') ?? '',
    element.getAttribute('data-testid') ?? '',
    element.getAttribute('title') ?? '',
  ].join(' ').trim();
  return words ? truncate(words, 200) : undefined;
}

function labelOf(element: Element): string | undefined {
  if (!(element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement)) return undefined;
  const text = [...(element.labels ?? [])].map((label) => visibleText(label)).join(' ').trim();
  return text ? truncate(text, 150) : undefined;
}

/**
 * What find ranks: every element a person can act on, plus headings and images, with the words
 * around them; with the child frames to read next, and (when `withDialogs`) the dialogs open in this document.
 */
export function findCandidates(nextRef: number, limit: number, withDialogs: boolean): ContentReply<'findCandidates'> {
  reserveFrom(nextRef);
  const candidates: Candidate[] = [];
  const frames: ChildFrame[] = [];
  let order = 0;
  let groups = 0;
  const visit = (element: Element, insideControl: boolean, group: string | undefined) => {
    if (candidates.length >= limit || SKIPPED_TAGS.has(element.tagName) || isHiddenFromPeople(element)) return;
    if (element instanceof HTMLIFrameElement || element instanceof HTMLFrameElement) {
      const token = frameToken(element);
      if (token !== undefined) frames.push(childFrameFacts(element, token));
      return;
    }
    const ownRole = roleOf(element);
    const itemRole = insideControl ? undefined : operableItemRole(element, ownRole);
    const role = itemRole ?? ownRole;
    const interactive = itemRole !== undefined || isInteractive(element, role, insideControl);
    if (interactive || role === 'heading' || role === 'img') {
      const box = element.getBoundingClientRect();
      // What a person cannot see (off-screen, clipped, invisible colours, tiny text) is not offered either.
      if (box.width > 0 && box.height > 0 && !(hasOwnText(element) && concealment(element))) {
        const placeholder = element.getAttribute('placeholder');
        candidates.push({
          ref: refFor(element),
          role: role ?? 'generic',
          name: truncate(accessibleName(element, role) || (role ? '' : visibleText(element)), 150),
          tag: element.tagName.toLowerCase(),
          ...(element instanceof HTMLInputElement ? { type: element.type } : {}),
          ...(placeholder ? { placeholder: truncate(placeholder, 100) } : {}),
          ...(labelOf(element) ? { label: labelOf(element) } : {}),
          ...(valueOf(element) ? { value: valueOf(element) } : {}),
          ...(nearbyText(element) ? { nearbyText: nearbyText(element) } : {}),
          ...(attributeWords(element) ? { attributes: attributeWords(element) } : {}),
          inViewport: isInViewport(element),
          interactive,
          order: order++,
          ...(group ? { group } : {}),
        });
      }
    }
    // Items are counted within their widget ("the second menu item"): each widget a group, nested in the one around it.
    const items = holdsItems(element, role);
    const childGroup = items ? `${group ?? DOCUMENT_GROUP}/${++groups}` : group;
    for (const child of visibleChildren(element)) visit(child, insideControl || (interactive && !items), childGroup);
  };
  visit(document.body ?? document.documentElement, false, undefined);
  return { candidates, nextRef: nextRefNumber(), frames, dialogs: withDialogs ? openDialogs() : [] };
}
