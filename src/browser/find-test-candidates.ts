// Candidates for the find tests: what content/find.ts reports, with the defaults of a plain, visible div.
import type { FindCandidate, FindMatch } from './find';
import { rankFindCandidates } from './find';

let nextOrder = 0;

/** A candidate with the defaults of a plain, visible, non-interactive div; refs follow document order. */
export function cand(fields: Partial<FindCandidate>): FindCandidate {
  const order = fields.order ?? nextOrder++;
  return { ref: `ref_${order}`, role: 'generic', name: '', tag: 'div', inViewport: true, interactive: false, order, ...fields };
}

export const button = (name: string, extra: Partial<FindCandidate> = {}) => cand({ role: 'button', tag: 'button', name, interactive: true, ...extra });
export const link = (name: string, extra: Partial<FindCandidate> = {}) => cand({ role: 'link', tag: 'a', name, interactive: true, ...extra });
export const heading = (name: string, extra: Partial<FindCandidate> = {}) => cand({ role: 'heading', tag: 'h2', name, ...extra });
export const textbox = (name: string, extra: Partial<FindCandidate> = {}) => cand({ role: 'textbox', tag: 'input', type: 'text', name, interactive: true, ...extra });

export function refs(matches: readonly FindMatch[]): string[] {
  return matches.map((m) => m.candidate.ref);
}

export function top(query: string, candidates: readonly FindCandidate[]): FindCandidate | undefined {
  return rankFindCandidates(query, candidates)[0]?.candidate;
}
