/**
 * The forms one text can take on its way into a URL or a form field, reduced to one comparable
 * form: what the exfiltration check (exfiltration.ts) compares with what the task read from pages.
 * Pure and platform-neutral.
 */

/**
 * Lower-cased, compatibility-folded (full-width letters, ligatures), with every run of separators,
 * punctuation and whitespace collapsed into one space. "RC-7F3K_91qx/Zeta" and "rc 7f3k 91qx zeta"
 * are the same text here, as "Meeting-with-Anna" and "meeting with anna" are.
 */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The same without any separator at all: a text split inside a word ("/rc7f/3k91") joins up again. */
export function compact(normalised: string): string {
  return normalised.replace(/ /g, '');
}

/** URL-decoded (a '+' is a space, as in a query), or the text itself when it is not valid percent-encoding. */
export function urlDecoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

const MIN_DECODED = 6;

function printable(text: string): boolean {
  return text.length >= MIN_DECODED && /^[\x20-\x7e\u00a0-\uffff\n\t]+$/.test(text) && !text.includes('\ufffd');
}

function utf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/** Base64, standard or URL-safe, padded or not; undefined unless it decodes to printable text. */
export function fromBase64(run: string): string | undefined {
  if (!/^[A-Za-z0-9+/_-]{8,}={0,2}$/.test(run)) return undefined;
  const standard = run.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (standard.length % 4 === 1) return undefined;
  try {
    const text = utf8(Uint8Array.from(atob(standard.padEnd(Math.ceil(standard.length / 4) * 4, '=')), (c) => c.charCodeAt(0)));
    return printable(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

/** Hex pairs; undefined unless they decode to printable text. */
export function fromHex(run: string): string | undefined {
  if (!/^(?:[0-9a-f]{2}){4,}$/i.test(run)) return undefined;
  const text = utf8(Uint8Array.from(run.match(/../g)!, (pair) => parseInt(pair, 16)));
  return printable(text) ? text : undefined;
}

// RFC 3492 parameters.
const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;

function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / points);
  let k = 0;
  for (; d > ((BASE - T_MIN) * T_MAX) >> 1; k += BASE) d = Math.floor(d / (BASE - T_MIN));
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

function digit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 22;
  if (code >= 0x61 && code <= 0x7a) return code - 0x61;
  if (code >= 0x41 && code <= 0x5a) return code - 0x41;
  return BASE;
}

/**
 * An IDN host label ("xn--mller-4711-feb") as the Unicode a person would read ("müller-4711");
 * undefined when it is not one. The URL parser turns a Unicode host into this form, so page text
 * with accents put into a host name only shows once decoded. (RFC 3492; written here because the
 * npm package shares its name with Node's deprecated built-in module, which wins in the unit tests.)
 */
export function fromPunycodeLabel(label: string): string | undefined {
  if (!/^xn--[a-z0-9-]+$/i.test(label)) return undefined;
  const input = label.slice(4).toLowerCase();
  const basicEnd = input.lastIndexOf('-');
  const output = basicEnd > 0 ? [...input.slice(0, basicEnd)].map((c) => c.codePointAt(0)!) : [];
  let n = 128;
  let bias = 72;
  let i = 0;
  for (let index = basicEnd > 0 ? basicEnd + 1 : 0; index < input.length; ) {
    const oldI = i;
    for (let w = 1, k = BASE; ; k += BASE) {
      if (index >= input.length) return undefined;
      const value = digit(input.charCodeAt(index++));
      if (value >= BASE) return undefined;
      i += value * w;
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (value < t) break;
      w *= BASE - t;
      if (w > Number.MAX_SAFE_INTEGER / BASE) return undefined;
    }
    bias = adapt(i - oldI, output.length + 1, oldI === 0);
    n += Math.floor(i / (output.length + 1));
    i %= output.length + 1;
    if (n > 0x10ffff) return undefined;
    output.splice(i++, 0, n);
  }
  return String.fromCodePoint(...output);
}

/** What a run of a URL or of typed text might stand for once decoded: base64 and hex. */
export function decodings(run: string): string[] {
  return [fromBase64(run), fromHex(run)].filter((text): text is string => text !== undefined);
}
