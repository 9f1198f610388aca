/**
 * Lists that appeared, or changed, after the last time someone typed into the page: the suggestion
 * lists of autocompletes. Their items are often plain elements whose click handler sits on the list
 * (jQuery UI, typeahead), so nothing in the markup says they can be clicked; that they answered the
 * typing is what says it.
 *
 * Watching starts at an input event and stops WATCH_MS later, so a page nobody types into pays nothing.
 */

const LIST_SELECTOR = 'ul, ol, [role="listbox"], [role="menu"], [role="list"], [role="tree"], [role="grid"]';
/** Suggestion lists come within a few hundred milliseconds of a keystroke; a debounced server round trip can take seconds. */
const WATCH_MS = 15_000;
/** A popup added whole (a div around the list) holds a few lists at most; a larger subtree is a page re-render. */
const MAX_LISTS_PER_CHANGE = 8;

let appeared = new WeakSet<Element>();
let anyAppeared = false;
let observer: MutationObserver | undefined;
let stopAt = 0;
let stopTimer: ReturnType<typeof setTimeout> | undefined;

function noteChange(node: Node): void {
  const element = node instanceof Element ? node : node.parentElement;
  if (!element) return;
  const list = element.closest(LIST_SELECTOR);
  if (list) {
    appeared.add(list);
    anyAppeared = true;
    return;
  }
  let count = 0;
  for (const inner of element.querySelectorAll(LIST_SELECTOR)) {
    if (++count > MAX_LISTS_PER_CHANGE) break;
    appeared.add(inner);
    anyAppeared = true;
  }
}

function onMutations(records: MutationRecord[]): void {
  for (const record of records) {
    if (record.type === 'attributes') noteChange(record.target);
    else for (const node of record.addedNodes) noteChange(node);
  }
}

function stopWatching(): void {
  if (Date.now() < stopAt) {
    stopTimer = setTimeout(stopWatching, stopAt - Date.now());
    return;
  }
  observer?.disconnect();
  observer = undefined;
  stopTimer = undefined;
}

/** A new input starts a new answer: what the previous keystrokes showed is forgotten. */
function onInput(event: Event): void {
  if (!(event.target instanceof Element)) return;
  appeared = new WeakSet();
  anyAppeared = false;
  stopAt = Date.now() + WATCH_MS;
  if (!observer) {
    observer = new MutationObserver(onMutations);
    observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['style', 'class', 'hidden'] });
  }
  stopTimer ??= setTimeout(stopWatching, WATCH_MS);
}

export function watchForAppearingLists(): void {
  document.addEventListener('input', onInput, { capture: true });
}

/** Whether this list appeared or changed since the last input. */
export function appearedAfterInput(list: Element): boolean {
  return anyAppeared && appeared.has(list);
}

/** Cheap first test: no list appeared since the last input, so no item needs a closer look. */
export function someListAppeared(): boolean {
  // Changes the observer has seen but not yet delivered (read_page right after a keystroke).
  if (observer) onMutations(observer.takeRecords());
  return anyAppeared;
}
