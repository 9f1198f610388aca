/**
 * What the tools say when a ref or a frame no longer names anything. Worded as facts, not orders:
 * the page-instructions check (src/policy/injection.ts) reads every tool result, and must never take
 * Steward's own words for a page speaking to Claude ("Call read_page again to get fresh refs" did,
 * and paused the task whenever a ref went stale). stale-refs.test.ts checks each wording.
 */
const FRESH = 'fresh refs come from read_page again.';

export const STALE_REFS = {
  notOnTab: (ref: string) => `${ref} is not a ref on this tab (refs come from read_page or find, and go stale when the page changes); ${FRESH}`,
  notOnPage: (ref: string) => `${ref} is not a ref on the current page (the page may have changed or navigated): ${FRESH}`,
  removed: (ref: string) => `${ref} is no longer on the page (it was removed or re-rendered): ${FRESH}`,
  frameLost: `Steward lost track of the frame that element is in: ${FRESH}`,
  frameGone: `That frame is gone (it navigated or was removed): ${FRESH}`,
  frameRemoved: `That frame is no longer on the page: ${FRESH}`,
} as const;
