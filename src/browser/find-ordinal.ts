/**
 * Ordinal words in a find query ("the second menu item", "the last tab", "3rd option"): a position
 * among like elements rather than a word to look for, unless the page itself uses the word
 * ("Second product"), in which case the ordinary ranking matches it as text.
 */

interface Positioned {
  readonly candidate: { readonly order: number; readonly group?: string };
  readonly score: number;
}

const LAST = -1;
const ORDINALS: ReadonlyMap<string, number> = new Map([
  ['first', 1], ['1st', 1], ['second', 2], ['2nd', 2], ['third', 3], ['3rd', 3], ['fourth', 4], ['4th', 4],
  ['fifth', 5], ['5th', 5], ['sixth', 6], ['6th', 6], ['seventh', 7], ['7th', 7], ['eighth', 8], ['8th', 8],
  ['ninth', 9], ['9th', 9], ['tenth', 10], ['10th', 10], ['last', LAST],
]);
/** Matches this close to the best are the same kind of element: the ones a person counts. */
const PEER_SHARE = 0.9;

export interface Ordinal {
  /** 1-based, or -1 for the last. */
  readonly position: number;
  /** The word as the query wrote it. */
  readonly word: string;
  /** The query without it: what the counted elements are. */
  readonly rest: string;
}

export function parseOrdinal(query: string): Ordinal | undefined {
  const words = query.trim().split(/\s+/);
  const at = words.findIndex((word) => ORDINALS.has(word.toLowerCase()));
  if (at < 0) return undefined;
  const rest = words.filter((_, i) => i !== at).join(' ');
  if (!/[\p{L}\p{N}]/u.test(rest)) return undefined;
  return { position: ORDINALS.get(words[at]!.toLowerCase())!, word: words[at]!, rest };
}

/** Whether any element's own words contain the ordinal ("Second product"): then it is text to match. */
export function pageSaysOrdinal(ordinal: Ordinal, texts: Iterable<string | undefined>): boolean {
  const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])${ordinal.word.replace(/[^\p{L}\p{N}]/gu, '')}($|[^\\p{L}\\p{N}])`, 'iu');
  for (const text of texts) if (text && pattern.test(text)) return true;
  return false;
}

/**
 * The group whose items are counted: the group of the first peer in document order, or a group
 * nested in it (an open submenu inside its menubar is what a person is looking at).
 */
function countedGroup(peers: readonly Positioned[]): string | undefined {
  let chosen = peers[0]?.candidate.group;
  if (chosen === undefined) return undefined;
  for (const peer of peers) {
    const group = peer.candidate.group;
    if (group && group.startsWith(`${chosen}/`)) chosen = group;
  }
  return chosen;
}

/**
 * The match at the ordinal's position among the best matches' peers, counted in document order
 * within one widget (menu, listbox, tab list...), or undefined when there are not that many.
 */
export function pickByPosition<T extends Positioned>(matches: readonly T[], ordinal: Ordinal): { picked: T; count: number } | undefined {
  const best = Math.max(0, ...matches.map((m) => m.score));
  if (!best) return undefined;
  const peers = matches.filter((m) => m.score >= best * PEER_SHARE).sort((a, b) => a.candidate.order - b.candidate.order);
  const group = countedGroup(peers);
  const counted = group === undefined ? peers : peers.filter((m) => m.candidate.group === group);
  const index = ordinal.position === LAST ? counted.length - 1 : ordinal.position - 1;
  const picked = counted[index];
  return picked && { picked, count: counted.length };
}
