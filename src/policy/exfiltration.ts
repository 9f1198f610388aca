import { hostOf } from './sites';
/**
 * Data leaving in a URL: a navigation to another site whose address carries text the task read
 * from a page (a token, an account number, a message) hands that text to the other site's server.
 * A compromised or steered model can do it with nothing but `navigate`, so such a navigation waits
 * for the user's yes. Pure: the runner passes the page text the task has read so far.
 *
 * What this catches: page text of 6 or more characters, as is or base64/hex encoded, in the query
 * or fragment of a URL on another host, and data-like page text (letters with digits, addresses)
 * in its path or host name. What it cannot catch: data split into tiny pieces, or
 * transformed in ways it does not decode; the plan mode's site list is the structural defence.
 */

/** Shorter runs are too common ("login", "en-US") to mean anything. */
const MIN_CHARS = 6;
/** Runs of characters an identifier, a token or an address is made of. */
const RUN = /[\p{L}\p{N}@._+\-]{6,}/gu;

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** The text a run might stand for once decoded: base64 (standard or URL-safe) and hex, if printable. */
function decodings(run: string): string[] {
  const found: string[] = [];
  const printable = (text: string) => text.length >= MIN_CHARS && /^[\x20-\x7e\u00a0-\uffff]+$/.test(text) && !text.includes('\ufffd');
  if (/^[A-Za-z0-9+/_-]{8,}={0,2}$/.test(run)) {
    try {
      const binary = atob(run.replace(/-/g, '+').replace(/_/g, '/'));
      const text = new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
      if (printable(text)) found.push(text);
    } catch {
      // Not base64.
    }
  }
  if (/^(?:[0-9a-f]{2}){4,}$/i.test(run)) {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(run.match(/../g)!, (pair) => parseInt(pair, 16)));
    if (printable(text)) found.push(text);
  }
  return found;
}

/**
 * Looks like data rather than a word: letters and digits mixed, or an address. The path and host
 * name must pass this, since ordinary words there ("pricing", "notebook") are how sites are built.
 */
function tokenLike(run: string): boolean {
  return run.includes('@') || (/\p{N}/u.test(run) && /\p{L}/u.test(run));
}

/** The pieces of a URL that could carry data, decoded: the query and fragment, and data-like runs in the path and host name. */
function carriedPieces(url: URL): string[] {
  const carried = decodeComponent(`${url.search.slice(1)} ${url.hash.slice(1)}`);
  // Host names are split into labels: a code can be one label of an attacker's domain.
  const addressed = `${decodeComponent(url.pathname)} ${url.hostname.split('.').join(' ')}`;
  const runs = [...(carried.match(RUN) ?? []), ...(addressed.match(RUN) ?? []).filter(tokenLike)];
  const pieces = new Set<string>();
  for (const run of runs) {
    pieces.add(run);
    for (const decoded of decodings(run)) {
      pieces.add(decoded);
      for (const inner of decoded.match(RUN) ?? []) pieces.add(inner);
    }
  }
  return [...pieces];
}

/** Text a tool call read, and the address of the page it came from (when known). */
export interface PageRead {
  url?: string | undefined;
  text: string;
}

/**
 * The page text that a navigation to `destination` would carry to a site it did not come from, or
 * undefined. Text read on the destination's own host goes back where it came from; text the user
 * wrote in the task is theirs to send; a URL that a page itself showed (a link the model follows)
 * is the page's own, not data taken from it.
 */
export function pageDataInUrl(destination: string, pages: readonly PageRead[], userText = '', depth = 0): string | undefined {
  let url: URL;
  try {
    url = new URL(destination);
  } catch {
    return undefined;
  }
  // An address inside the address (a redirect's ?to=): where the data would end up, judged as well.
  if (depth < 3) {
    for (const value of [...url.searchParams.values(), decodeComponent(url.hash.slice(1))]) {
      if (!/^https?:\/\//i.test(value.trim())) continue;
      const nested = pageDataInUrl(value.trim(), pages, userText, depth + 1);
      if (nested) return nested;
    }
  }
  const host = hostOf(url.href);
  if (!host) return undefined;
  const all = pages.map((page) => page.text.toLowerCase());
  if (all.some((text) => text.includes(url.href.toLowerCase()) || text.includes(destination.trim().toLowerCase()))) return undefined;
  const elsewhere = pages.filter((page) => hostOf(page.url) !== host).map((page) => page.text.toLowerCase());
  if (elsewhere.length === 0) return undefined;
  const user = userText.toLowerCase();
  for (const piece of carriedPieces(url)) {
    const needle = piece.trim().toLowerCase();
    if (needle.length < MIN_CHARS || user.includes(needle)) continue;
    if (elsewhere.some((text) => text.includes(needle))) return piece.trim();
  }
  return undefined;
}
