import { z } from 'zod';
import { type FindCandidate, frameStepSchema } from '../protocol/content';
import { describePath, samePath, urlPattern } from './frame-path';

/**
 * A locator: how to find again, on a fresh page, the element a recorded action acted on. A ref is
 * bound to one element of one page load and dies with it; a locator names the element as a person
 * would (its role and accessible name, the words around it, the page and the frame it is in) and
 * says which of several equal elements it was, so a replay can check that the target is still there
 * and unique. Equals, position and neighbours are counted within its frame: a control of the same
 * name in another frame is another control.
 */
export const locatorSchema = z.object({
  role: z.string(),
  name: z.string(),
  /** The row, item or section heading around it (find's nearbyText), when it has one. */
  context: z.string().optional(),
  /** Which of the elements with the same role and name it was (0 is the first in page order). */
  index: z.number().int().nonnegative(),
  /** How many such elements there were: a different count now means the page is no longer the same. */
  count: z.number().int().positive(),
  /**
   * The names of the elements of the same role just before and after it in page order: a list that
   * was reordered puts other neighbours around it, and a replay must not take that for the same page.
   */
  neighbours: z.tuple([z.string(), z.string()]),
  /** The page it was on (urlPattern). */
  urlPattern: z.string(),
  /**
   * The frames from the top document down to the one it was in (src/routines/frame-path.ts); empty
   * in the top document. A locator of a version 1 trace has none and is read as in the top document,
   * which can only make a replay hand over sooner: its equals were counted across all frames.
   */
  frame: z.array(frameStepSchema).default([]),
});
export type Locator = z.infer<typeof locatorSchema>;

/** The locator of the element behind `ref`, from the candidates find gathers; undefined when the ref is not among them. */
export function locatorFor(candidates: readonly FindCandidate[], ref: string, url: string): Locator | undefined {
  const target = candidates.find((candidate) => candidate.ref === ref);
  if (!target) return undefined;
  const equals = equalsOf(candidates, target);
  return {
    role: target.role,
    name: target.name,
    ...(target.nearbyText ? { context: target.nearbyText } : {}),
    index: equals.indexOf(target),
    count: equals.length,
    neighbours: neighboursOf(candidates, target),
    urlPattern: urlPattern(url),
    frame: target.frame ?? [],
  };
}

/** The elements with the same role and name in the same frame, in page order. */
function equalsOf(candidates: readonly FindCandidate[], key: Pick<FindCandidate, 'role' | 'name' | 'frame'>): FindCandidate[] {
  return candidates.filter((candidate) => candidate.role === key.role && candidate.name === key.name && samePath(candidate.frame, key.frame)).sort((a, b) => a.order - b.order);
}

function neighboursOf(candidates: readonly FindCandidate[], target: FindCandidate): [string, string] {
  const sameRole = candidates.filter((candidate) => candidate.role === target.role && samePath(candidate.frame, target.frame)).sort((a, b) => a.order - b.order);
  const at = sameRole.indexOf(target);
  return [sameRole[at - 1]?.name ?? '', sameRole[at + 1]?.name ?? ''];
}

export type Resolution = { found: true; ref: string } | { found: false; reason: string };

/**
 * Finds the locator's element among a fresh page's candidates: on the same page, among as many equal
 * elements as when it was recorded. Anything else is a divergence, said in words the model and the
 * user read.
 */
export function resolveLocator(candidates: readonly FindCandidate[], locator: Locator, url: string): Resolution {
  const frame = describePath(locator.frame);
  const described = `${locator.role} "${locator.name}"${locator.context ? ` (in "${locator.context.slice(0, 60)}")` : ''}${frame ? ` in ${frame}` : ''}`;
  if (urlPattern(url) !== locator.urlPattern) return { found: false, reason: `the page is ${urlPattern(url)}, not ${locator.urlPattern} as when it was recorded` };
  const equals = equalsOf(candidates, locator);
  if (equals.length === 0) {
    const elsewhere = candidates.some((candidate) => candidate.role === locator.role && candidate.name === locator.name);
    return { found: false, reason: `${described} is no longer on the page${elsewhere ? ' (an element of that name is, but in another frame)' : ''}` };
  }
  if (equals.length !== locator.count) {
    return { found: false, reason: `${described} is on the page ${equals.length} time${equals.length === 1 ? '' : 's'}, not ${locator.count} as when it was recorded, so which one is meant is not certain` };
  }
  const target = equals[locator.index];
  // Among equals, the words around the target tell which one it is; a lone element is itself whatever its surroundings say.
  if (!target || (equals.length > 1 && (target.nearbyText ?? undefined) !== (locator.context ?? undefined))) {
    return { found: false, reason: `${described} is not where it was among the ${equals.length} elements of that name` };
  }
  const neighbours = neighboursOf(candidates, target);
  if (neighbours[0] !== locator.neighbours[0] || neighbours[1] !== locator.neighbours[1]) {
    return { found: false, reason: `the elements around ${described} changed (the list may have been reordered)` };
  }
  return { found: true, ref: target.ref };
}
