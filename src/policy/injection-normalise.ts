/**
 * The forms a page can give the same words so that a pattern misses them: look-alike letters,
 * invisible characters, spaced or dotted letters, leetspeak and encodings. The detector reads
 * every text in its plain form and in each decoded form it finds.
 */

/** Cyrillic and Greek letters that look like Latin ones, as pages use them to dodge filters. */
const HOMOGLYPHS: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ɡ: 'g', һ: 'h', ԛ: 'q', ԝ: 'w',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', І: 'I', Ѕ: 'S', Ј: 'J',
  α: 'a', ε: 'e', ι: 'i', ο: 'o', ρ: 'p', τ: 't', υ: 'u', ν: 'v', κ: 'k', χ: 'x',
  Α: 'A', Β: 'B', Ε: 'E', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Χ: 'X', Υ: 'Y', Ζ: 'Z',
};
const HOMOGLYPH_PATTERN = new RegExp(`[${Object.keys(HOMOGLYPHS).join('')}]`, 'g');
/** Characters that take no room on screen: zero-width spaces and joiners, word joiner, BOM, soft hyphen. */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]/g;
/** Three or more single letters with one separator between them: "I g n o r e", "i.g.n.o.r.e". */
const SPACED_LETTERS = /(?<![\p{L}\p{N}])\p{L}(?:[ .·_\-*]\p{L}){2,}(?![\p{L}\p{N}])/gu;
const HAS_SPACED_LETTERS = new RegExp(SPACED_LETTERS.source, 'u');
/** In a text that spaces its letters, short words are spaced too ("T O  T H E  A I"). */
const SPACED_TEXT = /(?:\p{L}[ .·_\-*]){5,}\p{L}/u;
const SPACED_SHORT_WORDS = /(?<![\p{L}\p{N}])\p{L}(?:[ .·_\-*]\p{L})+(?![\p{L}\p{N}])/gu;
/** A letter next to a digit or symbol that stands for one, inside a word: "1gn0r3", "p4ss". */
const LEET_WORD = /\p{L}[4@3105$7]|[4@3105$7]\p{L}/gu;
const LEET: Record<string, string> = { '4': 'a', '@': 'a', '3': 'e', '1': 'i', '!': 'i', '0': 'o', '5': 's', '$': 's', '7': 't' };

/** One text as a person would read it: compatibility forms folded, look-alikes mapped, invisibles gone. */
export function plainText(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').replace(HOMOGLYPH_PATTERN, (letter) => HOMOGLYPHS[letter] ?? letter);
}

/** "I g n o r e  a l l" -> "Ignore all": a double gap between spaced letters is a word break. */
export function joinSpacedLetters(text: string): string {
  return text
    .replace(/(?<=\p{L}) {2,}(?=\p{L} \p{L})/gu, ' \u0000 ')
    .replace(SPACED_TEXT.test(text) ? SPACED_SHORT_WORDS : SPACED_LETTERS, (run) => run.replace(/[ .·_\-*]/g, ''))
    .replace(/ ?\u0000 ?/g, ' ');
}

/** Words that mix letters with digits or symbols standing for letters ("1gn0r3", "p4ssw0rd"). */
export function undoLeetspeak(text: string): string {
  return text.replace(/[\p{L}\d@$!]+/gu, (word) => {
    if (!/\p{L}/u.test(word) || !/[\d@$!]/.test(word) || /^\d+[\p{L}]{0,2}$/u.test(word)) return word;
    return word.replace(/[4@3105$7!]/g, (symbol) => LEET[symbol] ?? symbol);
  });
}

function looksLikeWords(decoded: string): boolean {
  if (decoded.length < 8 || decoded.includes('\ufffd')) return false;
  const letters = decoded.match(/[\p{L} ]/gu)?.length ?? 0;
  return letters / decoded.length > 0.8 && / /.test(decoded);
}

function decodeBase64(run: string): string | undefined {
  try {
    const bytes = Uint8Array.from(atob(run.replace(/[^A-Za-z0-9+/]/g, '').padEnd(Math.ceil(run.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
    const decoded = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    return looksLikeWords(decoded) ? decoded : undefined;
  } catch {
    return undefined;
  }
}

function decodeHex(run: string): string | undefined {
  const bytes = Uint8Array.from(run.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return looksLikeWords(decoded) ? decoded : undefined;
}

function rot13(text: string): string {
  return text.replace(/[a-z]/gi, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

/**
 * Texts hidden inside this one: base64 and hex runs that decode to words, and the whole text
 * rot13-decoded when it says it is rot13. Each comes back as its own text to check.
 */
export function decodedPayloads(text: string): string[] {
  const found: string[] = [];
  for (const [run] of text.matchAll(/[A-Za-z0-9+/]{24,}={0,2}/g)) {
    const decoded = decodeBase64(run);
    if (decoded) found.push(decoded);
  }
  for (const [run] of text.matchAll(/\b(?:[0-9a-f]{2}){12,}\b/gi)) {
    const decoded = decodeHex(run);
    if (decoded) found.push(decoded);
  }
  if (/\br[o0]t[\s-]?13\b/i.test(text)) found.push(rot13(text));
  return found;
}

/** The readings of a text worth checking: plain, with spaced letters joined, and without leetspeak. */
export function readings(text: string): string[] {
  const plain = plainText(text);
  const variants = new Set([plain]);
  if (HAS_SPACED_LETTERS.test(plain)) variants.add(joinSpacedLetters(plain));
  if ((plain.match(LEET_WORD) ?? []).length >= 2) variants.add(undoLeetspeak(plain));
  return [...variants];
}
