import { expect, it } from 'vitest';
import { findInjection } from '../policy/injection';
import { STALE_REFS } from './stale-refs';

it("Steward's own stale-ref errors are not taken for a page speaking to Claude, and still say read_page gives fresh refs", () => {
  const wordings = Object.values(STALE_REFS).map((wording) => (typeof wording === 'function' ? wording('ref_12') : wording));
  expect(wordings.filter((text) => findInjection(text) !== undefined)).toEqual([]);
  for (const text of wordings) expect(text).toMatch(/read_page again/);
  // The wording before: an order naming a tool, which the check flagged (score 4, family "tool").
  expect(findInjection('ref_3 is no longer on the page (it was removed or re-rendered). Call read_page again to get fresh refs.')).toBeDefined();
});
