import { hostOf } from './sites';
import { compact, decodings, fromPunycodeLabel, normalise, urlDecoded } from './text-forms';

/**
 * Data leaving the page it was read on: a navigation to another site whose address carries text
 * the task read from a page (a token, an account number, a message) hands that text to the other
 * site's server, and so does typing it into a form of another site. A compromised or steered model
 * can do it with nothing but `navigate` or `type`, so such a call waits for the user's yes. Pure:
 * the runner passes the page text the task has read so far.
 *
 * Text is compared after normalisation (text-forms.ts): URL-decoded, lower-cased, every run of
 * separators, punctuation and whitespace collapsed into one, so "Meeting with Anna" leaves as
 * "/meeting-with-anna" or "meeting.with.anna.evil.example" and is still found; and after trying
 * base64, hex and punycode. What is found:
 * - a run of 12 or more normalised characters the URL (any part: host labels, user info, path,
 *   query, fragment, read as one text so pieces split across segments join up) shares with a page,
 *   unless it is one long word or only short common words;
 * - the same with every separator dropped, for pieces split inside words, when it holds digits
 *   or is long;
 * - page codes of 6 or more characters (letters with digits, addresses) anywhere, and any page
 *   text of 6 or more characters in the query or fragment.
 * What it cannot catch: data cut into pieces shorter than that, reordered, or transformed in
 * ways it does not decode; the plan mode's site list is the structural defence.
 */

/** Shorter runs are too common ("login", "en-US") to mean anything. */
const MIN_CHARS = 6;
/** Shared normalised text shorter than this is coincidence more often than data. */
const WINDOW = 12;
/** Without separators, shared text this long is data even without digits. */
const LONG_COMPACT = 20;
/** How many places of the page text one window is looked up in. */
const MAX_OCCURRENCES = 50;
/** Runs of characters an identifier, a token or an address is made of. */
const RUN = /[\p{L}\p{N}@._+\-]{6,}/gu;
/** Runs an encoder produces: base64 (standard and URL-safe) and hex. */
const ENCODED_RUN = /[A-Za-z0-9+/_=-]{8,}/g;
/** Pieces of a URL joined up in every contiguous range, to find an encoding split across them. */
const MAX_PIECES = 24;

/** Words too common to make shared text mean anything ("the terms and conditions of"). */
const COMMON_WORDS = new Set(
  (
    'about above after again also away back been before being below between both came come could does down each even ever from have here into just know like made make many more most much must near need never next only other over same should some such than that their them then there these they this those through time under very want well were what when where which while will with would your ' +
    'home page pages click here read more view show menu search login sign account privacy terms conditions cookies policy contact help news blog shop cart store price prices item items free days today ' +
    // What every address is made of: two sites' paths share "index html" without sharing anything.
    'index html shtml xhtml php asp aspx jsp cgi www http https com org net sites site default main static assets public ' +
    'und oder der die das den dem des ein eine einen mit von für auf ist sind nicht auch wird werden bitte hier mehr ' +
    'les des une pour dans avec sur par est sont plus vous nous ' +
    'para como por con una los las del más'
  ).split(' '),
);

/** Text a tool call read, and the address of the page it came from (when known). */
export interface PageRead {
  url?: string | undefined;
  text: string;
}

/** Looks like data rather than a word: letters and digits mixed, or an address. */
function tokenLike(run: string): boolean {
  return run.includes('@') || (/\p{N}/u.test(run) && /\p{L}/u.test(run));
}

/** What the task read on other sites, in the forms it is compared in. */
class PageSide {
  readonly lower: string;
  readonly normalised: string;
  readonly compacted: string;
  readonly user: { lower: string; normalised: string; compacted: string };

  constructor(texts: readonly string[], userText: string) {
    // Pages are joined by a line break, which normalisation never produces: no match spans two pages.
    this.lower = texts.map((text) => text.toLowerCase()).join('\n');
    this.normalised = texts.map(normalise).join('\n');
    this.compacted = compact(this.normalised);
    const user = normalise(userText);
    this.user = { lower: userText.toLowerCase(), normalised: user, compacted: compact(user) };
  }

  /** A page's own text as written (a run of a URL or of typed text), unless the user wrote it too. */
  holdsRun(run: string): boolean {
    const needle = run.trim().toLowerCase();
    return needle.length >= MIN_CHARS && !this.user.lower.includes(needle) && this.lower.includes(needle);
  }

  /** The first run of at least WINDOW characters that `needle` shares with the page side and that means something. */
  sharedRun(needle: string, haystack: string, counts: (match: string) => boolean): string | undefined {
    const tried = new Set<string>();
    const windows = new Set<string>();
    for (let i = 0; i + WINDOW <= needle.length; i++) {
      const window = needle.slice(i, i + WINDOW);
      if (windows.has(window)) continue;
      windows.add(window);
      // The page's boilerplate repeats; its first occurrences say all there is to say.
      for (let j = haystack.indexOf(window), seen = 0; j >= 0 && seen < MAX_OCCURRENCES; j = haystack.indexOf(window, j + 1), seen++) {
        // Grown both ways as far as the two agree: the whole shared run, judged once.
        let from = 0;
        while (i - from > 0 && j - from > 0 && needle[i - from - 1] === haystack[j - from - 1]) from++;
        let to = WINDOW;
        while (i + to < needle.length && j + to < haystack.length && needle[i + to] === haystack[j + to]) to++;
        const key = `${i - from}:${to + from}`;
        if (tried.has(key)) continue;
        tried.add(key);
        const match = needle.slice(i - from, i + to).trim();
        if (match.length >= WINDOW && counts(match)) return match;
      }
    }
    return undefined;
  }

  /** More than one word, not all of them short or common, and not the user's. */
  #meaningful(normalisedMatch: string): boolean {
    if (this.user.normalised.includes(normalisedMatch)) return false;
    const words = normalisedMatch.split(' ');
    if (words.length < 2) return false;
    return tokenLike(normalisedMatch) || words.some((word) => word.length >= 4 && !COMMON_WORDS.has(word));
  }

  /** Normalised text shared with a page, meaningful. */
  sharedNormalised(needle: string): string | undefined {
    return this.sharedRun(needle, this.normalised, (match) => this.#meaningful(match));
  }

  /** Text shared once every separator is gone: a code (it has digits), or long and meaningful as the page wrote it. */
  sharedCompact(needle: string): string | undefined {
    return this.sharedRun(needle, this.compacted, (match) => {
      if (this.user.compacted.includes(match)) return false;
      if (/\p{N}/u.test(match)) return true;
      if (match.length < LONG_COMPACT) return false;
      // The words the page wrote: the match with the page's separators put back.
      const written = new RegExp([...match].join(' ?'), 'u').exec(this.normalised)?.[0];
      return written !== undefined && this.#meaningful(written);
    });
  }

  /** The first page text carried by `text` in any of its forms. */
  carried(text: string): string | undefined {
    const normalised = normalise(text);
    return this.sharedNormalised(normalised) ?? this.sharedCompact(compact(normalised));
  }
}

/**
 * What a text might also stand for: base64 and hex decodings of its runs, and of runs of its
 * pieces joined (an encoding split across path segments or host labels).
 */
function decodedForms(raw: readonly string[]): string[] {
  const runs = new Set<string>();
  for (const text of raw) for (const run of text.match(ENCODED_RUN) ?? []) runs.add(run);
  const pieces = raw.flatMap((text) => text.split(/[^A-Za-z0-9+_-]+/)).filter(Boolean).slice(0, MAX_PIECES);
  for (let first = 0; first < pieces.length; first++) {
    for (let last = first; last < pieces.length; last++) runs.add(pieces.slice(first, last + 1).join(''));
  }
  return [...runs].flatMap(decodings);
}

/** The parts of a URL that can carry data, URL-decoded: host labels (punycode read as Unicode), user info, path, query and fragment. */
function urlParts(url: URL, hostNamedByPage: boolean): { addressed: string[]; open: string[] } {
  const labels = hostNamedByPage ? [] : url.hostname.split('.').map((label) => fromPunycodeLabel(label) ?? label);
  const addressed = [...labels, urlDecoded(url.username), urlDecoded(url.password), urlDecoded(url.pathname)].filter(Boolean);
  // The query whole and each parameter on its own (an encoded value after "v=" decodes alone).
  const open = [urlDecoded(url.search.slice(1)), ...[...url.searchParams].flat(), urlDecoded(url.hash.slice(1))].filter(Boolean);
  return { addressed, open };
}

/** The page text in `open` text (any run) and `addressed` text (data-like runs), as is or decoded, or in normalised form. */
function findCarried(side: PageSide, addressed: readonly string[], open: readonly string[]): string | undefined {
  const runs = [...open.flatMap((text) => text.match(RUN) ?? []), ...addressed.flatMap((text) => text.match(RUN) ?? []).filter(tokenLike)];
  const exact = runs.find((run) => !COMMON_WORDS.has(run.toLowerCase()) && side.holdsRun(run));
  if (exact) return exact.trim();
  // As one text, in order, so a text split across labels, segments and parameters joins up.
  const whole = side.carried([...addressed, ...open].join(' '));
  if (whole) return whole;
  for (const decoded of decodedForms([...addressed, ...open])) {
    const found = (decoded.match(RUN) ?? []).find((run) => side.holdsRun(run)) ?? side.carried(decoded);
    if (found) return found.trim();
  }
  return undefined;
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
    for (const value of [...url.searchParams.values(), urlDecoded(url.hash.slice(1))]) {
      if (!/^https?:\/\//i.test(value.trim())) continue;
      const nested = pageDataInUrl(value.trim(), pages, userText, depth + 1);
      if (nested) return nested;
    }
  }
  const host = hostOf(url.href);
  if (!host) return undefined;
  const all = pages.map((page) => page.text.toLowerCase());
  if (all.some((text) => text.includes(url.href.toLowerCase()) || text.includes(destination.trim().toLowerCase()))) return undefined;
  const elsewhere = pages.filter((page) => hostOf(page.url) !== host).map((page) => page.text);
  if (elsewhere.length === 0) return undefined;
  const side = new PageSide(elsewhere, userText);
  // The same link, written without its scheme or with other separators: still the page's own.
  const withoutScheme = normalise(urlDecoded(url.href.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')));
  if (withoutScheme.length >= WINDOW && side.normalised.includes(withoutScheme)) return undefined;
  // A host a page names is where the page points, not data: its labels are left out.
  const hostName = normalise(fromPunycodeLabel(host) ?? host);
  const hostNamedByPage = side.normalised.split('\n').some((text) => ` ${text} `.includes(` ${hostName} `));
  const { addressed, open } = urlParts(url, hostNamedByPage);
  return findCarried(side, addressed, open);
}

/**
 * The page text that typing or filling `text` into a page at `pageUrl` would hand to that site,
 * when it was read on another site and the user did not write it. Ordinary words typed into a
 * search box do not count; codes, addresses and runs of 12 or more normalised characters do.
 */
export function pageDataInText(text: string, pageUrl: string | undefined, pages: readonly PageRead[], userText = ''): string | undefined {
  const host = hostOf(pageUrl);
  const elsewhere = pages.filter((page) => host === undefined || hostOf(page.url) !== host).map((page) => page.text);
  if (elsewhere.length === 0 || text.trim().length < MIN_CHARS) return undefined;
  return findCarried(new PageSide(elsewhere, userText), [text], []);
}
