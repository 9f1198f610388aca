import { decodedPayloads, readings } from './injection-normalise';
import { NAMES_AI, SIGNALS, type SignalKind } from './injection-signals';

/**
 * Text in a page that speaks to the assistant as if it were the user or the system: the usual
 * shape of a prompt injection. Found, the task pauses and the user decides whether it goes on.
 *
 * A scorer, not a list of sentences: each passage of the text is read in its plain and decoded
 * forms and scored on the signals in injection-signals.ts; a passage that reaches THRESHOLD with
 * at least one signal that steers the assistant (not only "urgent" and "send") is a finding.
 * Measured on bench/injection/ with `npm run bench:injection`.
 */
export const THRESHOLD = 4;
const STEERING: ReadonlySet<SignalKind> = new Set(['override', 'marker', 'addressed', 'mode', 'roleplay', 'secrecy', 'tool', 'decode']);
/** A text that explains chat formats ("[INST] tokens", "ChatML wraps...") names their markers without using them. */
const ABOUT_FORMATS = /\b(?:tokens?|template|syntax|format(?:s|ted)?|wraps|delimit\w*)\b/i;
/** Words quoted as an example ("a page says "ignore previous instructions"") are talked about, not said. */
const QUOTED_MENTION = /(?:\bsays?|\bsaid|\blike|\bsuch as|\be\.g\.|\bcalled|\breads?|\bphrases?|\bprompts?|\btext)\s*:?\s*["“«‘']$/i;
/** A passage: enough lines to hold one injection, few enough that unrelated lines of a long page do not add up. */
const PASSAGE_CHARS = 400;
/** A long paragraph is read in pieces of about this size, cut at sentence ends. */
const UNIT_CHARS = 400;
/** Longer texts are cut (a tool result is bounded anyway); the check must stay cheap on every result. */
const MAX_CHARS = 200_000;

export interface InjectionFinding {
  /** The words that matched, with a little context, as the user will read them. */
  excerpt: string;
  /** The strongest kind of signal found, or 'encoded' when the words were hidden in an encoding. */
  family: SignalKind | 'encoded';
  /** The passage's score; THRESHOLD or more. */
  score: number;
}

type Found = { weight: number; index: number; length: number; text: string };
type Signals = Map<SignalKind, Found>;

/** The strongest match of each kind of signal in one stretch of text, in any of its readings. */
function signalsIn(unit: string): Signals {
  const best: Signals = new Map();
  for (const text of readings(unit)) {
    const namesAi = NAMES_AI.test(text);
    for (const signal of SIGNALS) {
      if ((best.get(signal.kind)?.weight ?? 0) >= signal.weight) continue;
      if (signal.requires === NAMES_AI && !namesAi) continue;
      const match = signal.pattern.exec(text);
      if (!match) continue;
      const mentioned = QUOTED_MENTION.test(text.slice(Math.max(0, match.index - 20), match.index).trimEnd()) || (signal.kind === 'marker' && ABOUT_FORMATS.test(text));
      const weight = mentioned ? 1 : signal.weight;
      if ((best.get(signal.kind)?.weight ?? 0) < weight) best.set(signal.kind, { weight, index: match.index, length: match[0].length, text });
    }
  }
  return best;
}

/** A passage's score: each kind counts once, at its strongest. */
function judge(signals: Signals, family?: 'encoded'): InjectionFinding | undefined {
  let score = 0;
  let steering = false;
  let strongest: [SignalKind, Found] | undefined;
  for (const [kind, found] of signals) {
    score += found.weight;
    if (STEERING.has(kind) && found.weight >= 2) steering = true;
    if (!strongest || found.weight > strongest[1].weight) strongest = [kind, found];
  }
  if (score < THRESHOLD || !steering || !strongest) return undefined;
  const [kind, { text, index, length }] = strongest;
  return { excerpt: excerptOf(text, index, length), family: family ?? kind, score };
}

/** A read_page or find line that quotes page text: `text "..."`, `heading "..." level=2`, `link "..." [ref_3]`. */
const QUOTING_LINE = /^\s*[a-z]+(?: [a-z]+)? ("(?:[^"\\]|\\.)*")/;

/** The page's own words in a result line, unquoted, so they read as they did on the page. */
function pageWords(line: string): string {
  const quoted = QUOTING_LINE.exec(line)?.[1];
  if (!quoted) return line;
  try {
    return `${JSON.parse(quoted) as string}${line.slice(line.indexOf(quoted) + quoted.length)}`;
  } catch {
    return line;
  }
}

/** Lines of the text (page words unquoted), long ones cut at sentence ends into pieces of at most UNIT_CHARS. */
export function units(text: string): string[] {
  const out: string[] = [];
  for (const line of text.slice(0, MAX_CHARS).split(/\n+/)) {
    const words = pageWords(line).trim();
    if (!words) continue;
    if (words.length <= UNIT_CHARS) {
      out.push(words);
      continue;
    }
    let piece = '';
    for (const sentence of words.split(/(?<=[.!?。])\s+/)) {
      if (piece && piece.length + sentence.length > UNIT_CHARS) {
        out.push(piece);
        piece = '';
      }
      piece = piece ? `${piece} ${sentence}` : sentence.slice(0, UNIT_CHARS * 2);
    }
    if (piece) out.push(piece);
  }
  return out;
}

function excerptOf(text: string, index: number, length: number): string {
  const start = Math.max(0, index - 60);
  const end = Math.min(text.length, index + length + 60);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).replace(/\s+/g, ' ').trim()}${end < text.length ? '…' : ''}`;
}

function merge(into: Signals, from: Signals): void {
  for (const [kind, found] of from) if ((into.get(kind)?.weight ?? 0) < found.weight) into.set(kind, found);
}

export function findInjection(text: string): InjectionFinding | undefined {
  const pieces = units(text);
  const signals = pieces.map(signalsIn);
  for (let start = 0; start < pieces.length; start++) {
    for (const payload of decodedPayloads(pieces[start]!)) {
      const decoded = judge(signalsIn(payload), 'encoded');
      if (decoded) return { ...decoded, excerpt: `${decoded.excerpt} (decoded from the page's text)` };
    }
    // A passage starts where something steers (injections open with their address or marker) and
    // runs on over the next units while they fit in PASSAGE_CHARS.
    if (![...signals[start]!].some(([kind, found]) => STEERING.has(kind) && found.weight >= 2)) continue;
    const passage: Signals = new Map();
    let chars = 0;
    for (let next = start; next < pieces.length && (next === start || chars + pieces[next]!.length <= PASSAGE_CHARS); next++) {
      chars += pieces[next]!.length;
      merge(passage, signals[next]!);
    }
    const found = judge(passage);
    if (found) return found;
  }
  return undefined;
}
