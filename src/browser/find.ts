import { type Ordinal, pageSaysOrdinal, parseOrdinal, pickByPosition } from './find-ordinal';

/**
 * The ranking behind the toolset's `find` member: a natural-language description ("search bar",
 * "add to cart button") against the candidates a content script collected from the page.
 * It runs locally and deterministically, without a model call, so it must be fast on big pages
 * and explain itself in a few words.
 */

export interface FindCandidate {
  ref: string;
  /** ARIA role or 'generic'. */
  role: string;
  /** Accessible name ("" if none). */
  name: string;
  /** Lower-case tag name. */
  tag: string;
  /** Input type attribute when tag is input. */
  type?: string;
  placeholder?: string;
  /** Visible label text if different from name. */
  label?: string;
  /** Current value (never a password). */
  value?: string;
  /** Text of the closest heading / section / row / list item around it (<= 200 chars). */
  nearbyText?: string;
  /** id, class names, name=, data-testid, aria-* tokens joined by spaces (lower priority signal). */
  attributes?: string;
  inViewport: boolean;
  interactive: boolean;
  /** Document order index, for stable tie-breaking. */
  order: number;
  /** The composite widget (menu, listbox, tab list...) the element is an item of, as a path of nested widgets. */
  group?: string;
}

export interface FindMatch {
  candidate: FindCandidate;
  score: number;
  /** Short: 'name "Add to cart" matches "add to cart"; role button'. */
  why: string;
}

const MAX_MATCHES = 20;

// ─── Words ──────────────────────────────────────────────────────────────────────────────────────

// Accents go so "cafe" finds "Café".
const ACCENTS = /[\u0300-\u036f]/g;
// Scripts written without spaces need a dictionary to find the words.
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;
const VARIATION_SELECTORS = new Set([0xfe0e, 0xfe0f]);

/** Icons sites use as labels, spelled out so a description in words can reach them. */
const SYMBOL_WORDS: ReadonlyMap<number, string> = new Map(
  Object.entries({
    close: '×✕✖✗⨯╳', search: '🔍🔎⌕', cart: '🛒', menu: '☰', settings: '⚙', delete: '🗑', edit: '✎✏', favorite: '♥❤♡',
  }).flatMap(([word, symbols]) => [...symbols].map((symbol) => [symbol.codePointAt(0)!, word] as const)),
);

/** Arrows only mean next/previous when they are the whole label; inside text they are breadcrumbs. */
const ARROW_LABELS: ReadonlyMap<string, string> = new Map([
  ['›', 'next'], ['»', 'next'], ['→', 'next'], ['>', 'next'], ['‹', 'previous'], ['«', 'previous'], ['←', 'previous'], ['<', 'previous'],
]);

// Unicode property regexes are slow per character, and a page has few distinct characters: classify each once.
const wordCharCache = new Map<number, boolean>();

function isWordChar(code: number): boolean {
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
  let known = wordCharCache.get(code);
  if (known === undefined) {
    // Variation selectors are marks, but they only pick an emoji's look ("❤️").
    known = !VARIATION_SELECTORS.has(code) && WORD_CHAR.test(String.fromCodePoint(code));
    wordCharCache.set(code, known);
  }
  return known;
}

function isUpper(code: number): boolean {
  return code >= 0x41 && code <= 0x5a;
}

function isLowerOrDigit(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
}

/** "userEmail" splits before E, "HTMLInput" before I. ASCII only: identifiers in attributes are. */
function isCamelBoundary(text: string, at: number): boolean {
  const previous = text.charCodeAt(at - 1);
  return isUpper(text.charCodeAt(at)) && (isLowerOrDigit(previous) || (isUpper(previous) && isLowerOrDigit(text.charCodeAt(at + 1))));
}

let wordSegmenter: Intl.Segmenter | undefined;

function dictionaryWords(text: string): string[] {
  wordSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
  const words: string[] = [];
  for (const segment of wordSegmenter.segment(text)) if (segment.isWordLike) words.push(segment.segment);
  return words;
}

function pushWord(words: string[], raw: string, unicode: boolean): void {
  const lower = raw.toLowerCase();
  if (!unicode) {
    words.push(lower);
    return;
  }
  const folded = lower.normalize('NFKD').replace(ACCENTS, '').normalize('NFC');
  if (UNSPACED_SCRIPT.test(folded)) words.push(...dictionaryWords(folded));
  else words.push(folded);
}

/**
 * Lower-case words of `text`, split at anything not a letter, digit or mark (so kebab and snake
 * case split too); `compound` also splits camelCase. A hand-written scanner: this runs on every
 * text of every candidate, and a Unicode-aware regex split was the slowest part of ranking.
 */
function splitWords(text: string, compound: boolean): string[] {
  if (text.length <= 3) {
    const arrow = ARROW_LABELS.get(text.trim());
    if (arrow) return [arrow];
  }
  const words: string[] = [];
  let start = -1;
  let unicode = false;
  for (let i = 0; i <= text.length; ) {
    const code = i < text.length ? text.codePointAt(i)! : 0x20;
    if (isWordChar(code)) {
      if (start >= 0 && compound && isCamelBoundary(text, i)) {
        pushWord(words, text.slice(start, i), unicode);
        start = -1;
        unicode = false;
      }
      if (start < 0) start = i;
      if (code >= 0x80) unicode = true;
    } else {
      if (start >= 0) pushWord(words, text.slice(start, i), unicode);
      start = -1;
      unicode = false;
      const symbol = code >= 0x80 ? SYMBOL_WORDS.get(code) : undefined;
      if (symbol) words.push(symbol);
    }
    i += code > 0xffff ? 2 : 1;
  }
  return words;
}

function isAsciiLowerWord(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code < 0x61 || code > 0x7a) return false;
  }
  return true;
}

function hasVowel(text: string): boolean {
  for (const char of text) if ('aeiouy'.includes(char)) return true;
  return false;
}

/** "shipp" → "ship", "sett" → "set": the consonant doubled before -ing / -ed. */
function undoubled(stem: string): string {
  const last = stem.at(-1) ?? '';
  return stem.length > 3 && last === stem.at(-2) && !'aeioulsz'.includes(last) ? stem.slice(0, -1) : stem;
}

/**
 * A light English stemmer, applied the same way to the query and the page, so its forms only need to
 * agree with each other, not be real words: "prices"/"price"/"pricing" → "pric", "boxes" → "box".
 */
function stem(word: string): string {
  if (word.length <= 3 || !isAsciiLowerWord(word)) return word;
  let w = word;
  if (w.endsWith('sses') || w.endsWith('ies')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length >= 6 && hasVowel(w.slice(0, -3))) w = undoubled(w.slice(0, -3));
  else if (w.endsWith('ed') && w.length >= 5 && hasVowel(w.slice(0, -2))) w = undoubled(w.slice(0, -2));
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  else if (w.length > 3 && w.endsWith('y')) w = `${w.slice(0, -1)}i`;
  return w;
}

function stems(text: string): string[] {
  return splitWords(text, false).map(stem);
}

// ─── Vocabulary ─────────────────────────────────────────────────────────────────────────────────

/** Word sequences to recognise, indexed by their first word; the longest match at a position wins. */
class PhraseTable<T> {
  private readonly byFirst = new Map<string, { words: readonly string[]; value: T }[]>();

  add(text: string, value: T): void {
    const words = stems(text);
    const first = words[0];
    if (first === undefined) return;
    const list = this.byFirst.get(first) ?? [];
    list.push({ words, value });
    list.sort((a, b) => b.words.length - a.words.length);
    this.byFirst.set(first, list);
  }

  longestAt(words: readonly string[], start: number): { length: number; value: T } | undefined {
    const list = this.byFirst.get(words[start] ?? '');
    if (!list) return undefined;
    for (const phrase of list) {
      if (phrase.words.every((word, i) => words[start + i] === word)) return { length: phrase.words.length, value: phrase.value };
    }
    return undefined;
  }
}

const STOP_WORDS: ReadonlySet<string> = new Set(
  ('a an the to for of on in at by with and or my your our its this that these those it is are be from into onto ' +
    'element elements thing things one ones which where called named labeled labelled titled saying says')
    .split(' ')
    .map(stem),
);

/** Words and phrases that mean the same on the page; each group folds to one concept. */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  cart: ['cart', 'basket', 'bag', 'trolley', 'shopping cart', 'shopping bag', 'shopping basket'],
  login: ['login', 'log in', 'signin', 'sign in', 'logon', 'log on'],
  signup: ['signup', 'sign up', 'register', 'registration', 'create account', 'create an account', 'join now'],
  logout: ['logout', 'log out', 'signout', 'sign out'],
  close: ['close', 'dismiss', 'x'],
  next: ['next', 'continue', 'proceed', 'forward'],
  previous: ['previous', 'prev', 'back'],
  submit: ['submit', 'send'],
  search: ['search', 'find'],
  delete: ['delete', 'remove', 'trash'],
  edit: ['edit', 'modify'],
  menu: ['menu', 'hamburger'],
  settings: ['settings', 'preferences'],
  email: ['email', 'e mail', 'mail'],
  phone: ['phone', 'telephone', 'tel', 'mobile'],
  quantity: ['quantity', 'qty'],
  favorite: ['favorite', 'favourite', 'wishlist', 'wish list'],
  help: ['help', 'support'],
  first: ['first', '1st'],
  second: ['second', '2nd'],
  third: ['third', '3rd'],
  fourth: ['fourth', '4th'],
  fifth: ['fifth', '5th'],
};

/**
 * What a text must contain to hold these stemmed words: the part of the longest stem its word surely
 * starts with (stemming turns a final y into i). A phrase needs all its words, so its longest will do.
 */
function needleOf(words: readonly string[]): string {
  const longest = words.reduce((a, b) => (b.length > a.length ? b : a), '');
  return longest.length > 1 && longest.endsWith('i') ? longest.slice(0, -1) : longest;
}

const WORD_CONCEPTS = new Map<string, string>();
const CONCEPT_PHRASES = new PhraseTable<string>();
const CONCEPT_NEEDLES = new Map<string, string[]>();
for (const [name, forms] of Object.entries(SYNONYMS)) {
  const concept = `~${name}`;
  const needles: string[] = [];
  for (const form of forms) {
    const words = stems(form);
    if (words.length === 1) WORD_CONCEPTS.set(words[0]!, concept);
    else CONCEPT_PHRASES.add(form, concept);
    needles.push(needleOf(words));
  }
  CONCEPT_NEEDLES.set(concept, needles);
}

/** How well each role answers a role word, 0..1. */
interface RoleFamily {
  readonly roles: ReadonlyMap<string, number>;
  /** Fit of a link or generic element whose classes say btn/button: it looks like a button. */
  readonly styledAsButton: number;
}

function family(roles: Record<string, number>, styledAsButton = 0): RoleFamily {
  return { roles: new Map(Object.entries(roles)), styledAsButton };
}

const BUTTON = family({ button: 1, menuitem: 0.5 }, 0.75);
const LINK = family({ link: 1 });
const TEXT_ENTRY = family({ textbox: 1, searchbox: 1, combobox: 0.8, spinbutton: 0.8 });
const SEARCH_ENTRY = family({ searchbox: 1, textbox: 0.9, combobox: 0.85 });
const CHOICE = family({ combobox: 1, listbox: 1, menu: 0.8, menubar: 0.6 });
const CHECKBOX = family({ checkbox: 1, menuitemcheckbox: 0.9, switch: 0.8 });
const SWITCH = family({ switch: 1, checkbox: 0.9, menuitemcheckbox: 0.8 });
const TOGGLE_BUTTON = family({ switch: 1, checkbox: 0.8, button: 0.7 });
const RADIO = family({ radio: 1, menuitemradio: 0.9, option: 0.7 });
const OPTION = family({ option: 1, radio: 0.9, menuitemradio: 0.8, menuitem: 0.7 });
const TAB = family({ tab: 1 });
const TAB_LIST = family({ tablist: 1 });
const IMAGE = family({ img: 1, figure: 0.6 });
const HEADING = family({ heading: 1 });
const HEADER = family({ heading: 1, banner: 1 });
const MENU = family({ menu: 1, menubar: 1, menuitem: 0.9, button: 0.8, combobox: 0.7, listbox: 0.7 });
const MENU_ITEM = family({ menuitem: 1, menuitemcheckbox: 0.9, menuitemradio: 0.9, option: 0.6 });
const SLIDER = family({ slider: 1 });
const DIALOG = family({ dialog: 1, alertdialog: 1 });
const NAVIGATION = family({ navigation: 1, menubar: 0.8 });
const PROGRESS = family({ progressbar: 1, meter: 0.8 });
const TOOLBAR = family({ toolbar: 1 });
const SEARCH_HINT = family({ searchbox: 1, textbox: 0.8, combobox: 0.8 });

interface RoleWord {
  readonly family: RoleFamily;
  /** Words of the phrase that also describe content ("search" in "search bar"). */
  readonly keep: readonly string[];
}

/** Query words that only say what kind of element is wanted: they score against the role. */
const ROLE_WORDS = new PhraseTable<RoleWord>();
function roleWords(family: RoleFamily, forms: readonly string[], keep: readonly string[] = []): void {
  for (const form of forms) ROLE_WORDS.add(form, { family, keep: keep.map(stem) });
}
roleWords(BUTTON, ['button', 'btn', 'icon button', 'image button']);
roleWords(LINK, ['link', 'hyperlink', 'anchor']);
roleWords(TEXT_ENTRY, ['field', 'input', 'box', 'textbox', 'textfield', 'textarea', 'text box', 'text field', 'text area', 'text input', 'input field', 'input box']);
roleWords(SEARCH_ENTRY, ['search bar', 'search box', 'search field', 'search input', 'searchbar', 'searchbox', 'searchfield'], ['search']);
roleWords(CHOICE, ['dropdown', 'drop down', 'combobox', 'combo box', 'listbox', 'list box', 'select box', 'picker', 'selector']);
roleWords(CHECKBOX, ['checkbox', 'check box', 'tick', 'tickbox', 'tick box']);
roleWords(SWITCH, ['toggle', 'switch']);
roleWords(TOGGLE_BUTTON, ['toggle button']);
roleWords(RADIO, ['radio', 'radio button']);
roleWords(TAB, ['tab']);
roleWords(TAB_LIST, ['tab bar', 'tab list', 'tablist']);
roleWords(IMAGE, ['image', 'picture', 'photo', 'img', 'pic', 'thumbnail']);
roleWords(HEADING, ['heading', 'headline']);
roleWords(SLIDER, ['slider']);
roleWords(DIALOG, ['dialog', 'dialog box', 'modal', 'popup', 'pop up']);
roleWords(NAVIGATION, ['navbar', 'nav bar', 'navigation bar', 'navigation menu']);
roleWords(MENU, ['menu bar', 'menubar']);
roleWords(MENU_ITEM, ['menu item', 'menuitem', 'menu entry', 'menu option']);
roleWords(OPTION, ['suggestion']);
roleWords(PROGRESS, ['progress bar', 'progressbar']);
roleWords(TOOLBAR, ['toolbar', 'tool bar']);

interface RoleHint {
  readonly family: RoleFamily;
  /** The role alone partly answers the word: an image is a fair guess for "logo" even unnamed. */
  readonly roleAnswers: boolean;
}

/** Query words that describe content but also suggest a role ("menu", "logo", "title"). */
const ROLE_HINTS: ReadonlyMap<string, RoleHint> = new Map([
  ['search', { family: SEARCH_HINT, roleAnswers: false }],
  ['select', { family: CHOICE, roleAnswers: false }],
  ['menu', { family: MENU, roleAnswers: false }],
  ['option', { family: OPTION, roleAnswers: false }],
  ['title', { family: HEADING, roleAnswers: false }],
  ['header', { family: HEADER, roleAnswers: false }],
  ['logo', { family: IMAGE, roleAnswers: true }],
  ['icon', { family: IMAGE, roleAnswers: true }],
].map(([word, hint]) => [stem(word as string), hint as RoleHint]));

/** Roles the markup implies, in case the collected role is missing or more specific. */
const INPUT_TYPE_ROLES: ReadonlyMap<string, string> = new Map([
  ['submit', 'button'], ['button', 'button'], ['reset', 'button'], ['image', 'button'],
  ['checkbox', 'checkbox'], ['radio', 'radio'], ['search', 'searchbox'], ['range', 'slider'], ['number', 'spinbutton'],
]);
const TAG_ROLES: ReadonlyMap<string, string> = new Map([
  ['button', 'button'], ['a', 'link'], ['select', 'combobox'], ['textarea', 'textbox'], ['img', 'img'], ['svg', 'img'], ['picture', 'img'],
  ['h1', 'heading'], ['h2', 'heading'], ['h3', 'heading'], ['h4', 'heading'], ['h5', 'heading'], ['h6', 'heading'],
]);
/** Words a role stands for, so "search" reaches an unlabelled searchbox. */
const ROLE_MEANINGS: ReadonlyMap<string, string> = new Map([['searchbox', 'searchbox search'], ['img', 'img image']]);

// ─── Fields ─────────────────────────────────────────────────────────────────────────────────────

interface PhraseAnalysis {
  /** Recognised multi-word phrases, joined by spaces ("sign in"). */
  readonly phrases: readonly string[];
  readonly concepts: readonly string[];
  /** Content words with synonyms folded: equal canons mean the text is exactly what was asked. */
  readonly canon: string;
}

function analysePhrases(words: readonly string[]): PhraseAnalysis {
  const phrases: string[] = [];
  const concepts: string[] = [];
  const canon: string[] = [];
  for (let i = 0; i < words.length; ) {
    const phrase = CONCEPT_PHRASES.longestAt(words, i);
    if (phrase) {
      phrases.push(words.slice(i, i + phrase.length).join(' '));
      concepts.push(phrase.value);
      canon.push(phrase.value);
      i += phrase.length;
      continue;
    }
    const word = words[i]!;
    const concept = WORD_CONCEPTS.get(word);
    if (concept) concepts.push(concept);
    if (!STOP_WORDS.has(word)) canon.push(concept ?? word);
    i += 1;
  }
  return { phrases, concepts, canon: canon.join(' ') };
}

/**
 * One text of a candidate, analysed lazily: words are split only for texts that passed the cheap
 * substring test (see mayContain), synonyms and phrases only when a term asks for them.
 */
class FieldIndex {
  private wordList: readonly string[] | undefined;
  private analysis: PhraseAnalysis | undefined;
  private paddedWords: string | undefined;

  constructor(
    readonly text: string,
    private readonly compound: boolean,
  ) {}

  /** Stemmed words in order. */
  get words(): readonly string[] {
    return (this.wordList ??= splitWords(this.text, this.compound).map(stem));
  }

  hasWord(word: string): boolean {
    return word.includes(' ') ? this.analysed().phrases.includes(word) : this.words.includes(word);
  }

  hasConcept(concept: string): boolean {
    return this.words.length > 0 && this.analysed().concepts.includes(concept);
  }

  get canon(): string {
    return this.analysed().canon;
  }

  /** " w1 w2 … ", so a phrase is found with one includes(). */
  get padded(): string {
    return (this.paddedWords ??= ` ${this.words.join(' ')} `);
  }

  private analysed(): PhraseAnalysis {
    return (this.analysis ??= analysePhrases(this.words));
  }
}

interface FieldSpec {
  /** How `why` names it. */
  readonly label: string;
  readonly weight: number;
  readonly read: (c: FindCandidate) => string | undefined;
  /** Identifiers glue words ("searchInput", "searchinput"): split camelCase, and a word inside another counts. */
  readonly identifiers: boolean;
  /** Texts a person reads as the element's own words: phrase and whole-text bonuses apply, scaled by this. */
  readonly bonus: number;
  /** Short texts many candidates share, worth caching. */
  readonly repeats: boolean;
}

/** Heaviest first: scoring stops looking once no later field could do better. */
const FIELDS: readonly FieldSpec[] = [
  { label: 'name', weight: 1, read: (c) => c.name, identifiers: false, bonus: 1, repeats: true },
  { label: 'label', weight: 0.9, read: (c) => c.label, identifiers: false, bonus: 0.6, repeats: true },
  { label: 'placeholder', weight: 0.85, read: (c) => c.placeholder, identifiers: false, bonus: 0.6, repeats: true },
  { label: 'value', weight: 0.6, read: (c) => c.value, identifiers: false, bonus: 0, repeats: true },
  { label: 'type', weight: 0.6, read: (c) => c.type, identifiers: false, bonus: 0, repeats: true },
  { label: 'role', weight: 0.5, read: (c) => ROLE_MEANINGS.get(c.role) ?? c.role, identifiers: false, bonus: 0, repeats: true },
  { label: 'nearby text', weight: 0.35, read: (c) => c.nearbyText, identifiers: false, bonus: 0, repeats: false },
  { label: 'attributes', weight: 0.3, read: (c) => c.attributes, identifiers: true, bonus: 0, repeats: false },
];

const ATTRIBUTES_FIELD = FIELDS.length - 1;

/**
 * Characters that may turn into words other than themselves: anything beyond ASCII except the
 * punctuation, currency signs and arrows that only ever separate words (nbsp, "—", "’", "€", "→").
 * Surrogates (emoji) are included, so icons like "🛒" count.
 */
const CHANGES_WORDS = /[^\u0000-\u00bf\u2000-\u206f\u20a0-\u20cf\u2190-\u21ff]/;

/**
 * False only when no word of `text` can match a term whose needles make up `pattern`. Sound because
 * every stem, short of a final y→i, is a prefix of its lower-cased word; accents, icons, unspaced
 * scripts and lone arrows change words in other ways, so texts with them always pass.
 */
function mayContain(text: string | undefined, pattern: RegExp): boolean {
  if (!text) return false;
  if (text.length <= 3 || CHANGES_WORDS.test(text)) return true;
  return pattern.test(text);
}

/**
 * Per-call cache for the short texts that repeat on real pages (every "Add to cart"). Long texts
 * (nearby text, attributes) are mostly unique: caching them would only keep garbage alive.
 */
class FieldCache {
  private readonly indexes = new Map<string, FieldIndex>();

  get(text: string | undefined, field: FieldSpec): FieldIndex {
    const value = text ?? '';
    if (!field.repeats) return new FieldIndex(value, field.identifiers);
    let index = this.indexes.get(value);
    if (!index) {
      index = new FieldIndex(value, field.identifiers);
      this.indexes.set(value, index);
    }
    return index;
  }
}

function candidateRoles(c: FindCandidate): string[] {
  const implied = c.tag === 'input' ? INPUT_TYPE_ROLES.get(c.type ?? 'text') ?? 'textbox' : TAG_ROLES.get(c.tag);
  return implied && implied !== c.role ? [c.role, implied] : [c.role];
}

/** A candidate with its texts indexed on first use: most are never looked at. */
class PreparedCandidate {
  readonly roles: readonly string[];
  private readonly indexes: (FieldIndex | undefined)[] = [];

  constructor(
    readonly candidate: FindCandidate,
    private readonly cache: FieldCache,
  ) {
    this.roles = candidateRoles(candidate);
  }

  /** The raw text of FIELDS[at]. */
  text(at: number): string | undefined {
    return FIELDS[at]!.read(this.candidate);
  }

  field(at: number): FieldIndex {
    return (this.indexes[at] ??= this.cache.get(this.text(at), FIELDS[at]!));
  }
}

const BUTTON_CLASS = /btn|button/i;

/** A link or div whose classes say btn/button looks like a button to the person describing it. */
function styledAsButton(p: PreparedCandidate): boolean {
  if (!mayContain(p.text(ATTRIBUTES_FIELD), BUTTON_CLASS)) return false;
  const attributes = p.field(ATTRIBUTES_FIELD);
  return attributes.hasWord('btn') || attributes.hasWord('button');
}

// ─── Query ──────────────────────────────────────────────────────────────────────────────────────

interface QueryTerm {
  /** Stemmed word, or stemmed words joined by spaces for a recognised phrase. */
  readonly word: string;
  readonly concept: string | undefined;
  readonly display: string;
  readonly hint: RoleHint | undefined;
  /** Substrings one of which a text must contain to possibly match (see mayContain). */
  readonly needles: readonly string[];
  readonly pattern: RegExp;
}

interface QueryPhrase {
  readonly padded: string;
  readonly display: string;
}

interface ParsedQuery {
  /** Content terms: scored against the texts. */
  readonly terms: readonly QueryTerm[];
  /** Role words: scored against the role. */
  readonly roles: readonly RoleFamily[];
  readonly roleDisplay: readonly string[];
  /** Stems of single role words, for a small bonus when the name says them too ("Copy link" for "copy link button"). */
  readonly roleStems: readonly string[];
  readonly hints: readonly RoleFamily[];
  readonly phrases: readonly QueryPhrase[];
  readonly canon: string;
  /** Any term's needles: a candidate none of whose texts contain one cannot match (unless a role alone answers). */
  readonly gate: RegExp | undefined;
}

interface Segment {
  readonly kind: 'content' | 'stop' | 'role';
  readonly words: readonly string[];
  readonly display: string;
}

function makeTerm(word: string, concept: string | undefined, display: string, hint: RoleHint | undefined): QueryTerm {
  const needles = [needleOf(word.split(' ')), ...((concept && CONCEPT_NEEDLES.get(concept)) || [])];
  return { word, concept, display, hint, needles, pattern: needlePattern(needles) };
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** Built once per query term; ASCII case-insensitivity is enough since only ASCII texts are tested. */
function needlePattern(needles: readonly string[]): RegExp {
  return new RegExp([...new Set(needles)].map((n) => n.replace(REGEX_SPECIAL, '\\$&')).join('|'), 'i');
}

function contentTerm(word: string, display: string): QueryTerm {
  return makeTerm(word, WORD_CONCEPTS.get(word), display, ROLE_HINTS.get(word));
}

function trimStops(segments: readonly Segment[]): readonly Segment[] {
  let start = 0;
  let end = segments.length;
  while (start < end && segments[start]!.kind === 'stop') start++;
  while (end > start && segments[end - 1]!.kind === 'stop') end--;
  return segments.slice(start, end);
}

function trimRoles(segments: readonly Segment[]): readonly Segment[] {
  let list = trimStops(segments);
  while (list.length && (list[0]!.kind === 'role' || list.at(-1)!.kind === 'role')) {
    list = trimStops(list[0]!.kind === 'role' ? list.slice(1) : list.slice(0, -1));
  }
  return list;
}

/** Runs of the query to look for verbatim: the whole of it, without role words at its ends, and each run between role words. */
function queryPhrases(segments: readonly Segment[]): QueryPhrase[] {
  const runs: (readonly Segment[])[] = [trimStops(segments), trimRoles(segments)];
  let run: Segment[] = [];
  for (const segment of [...segments, undefined]) {
    if (segment && segment.kind !== 'role') run.push(segment);
    else {
      runs.push(trimStops(run));
      run = [];
    }
  }
  const phrases = new Map<string, QueryPhrase>();
  for (const list of runs) {
    const words = list.flatMap((s) => s.words);
    if (words.length < 2) continue;
    const padded = ` ${words.join(' ')} `;
    if (!phrases.has(padded)) phrases.set(padded, { padded, display: list.map((s) => s.display).join(' ') });
  }
  return [...phrases.values()];
}

function parseQuery(query: string): ParsedQuery {
  const raw = splitWords(query, false);
  const words = raw.map(stem);
  const segments: Segment[] = [];
  const terms: QueryTerm[] = [];
  const stopTerms: QueryTerm[] = [];
  const roles: RoleFamily[] = [];
  const roleDisplay: string[] = [];
  const roleStems: string[] = [];
  const canon: string[] = [];
  for (let i = 0; i < words.length; ) {
    const roleWord = ROLE_WORDS.longestAt(words, i);
    const conceptPhrase = roleWord ? undefined : CONCEPT_PHRASES.longestAt(words, i);
    const length = roleWord?.length ?? conceptPhrase?.length ?? 1;
    const span = words.slice(i, i + length);
    const display = raw.slice(i, i + length).join(' ');
    i += length;
    if (roleWord) {
      roles.push(roleWord.value.family);
      roleDisplay.push(display);
      if (span.length === 1) roleStems.push(span[0]!);
      for (const kept of roleWord.value.keep) {
        terms.push(contentTerm(kept, kept));
        canon.push(WORD_CONCEPTS.get(kept) ?? kept);
      }
      segments.push({ kind: 'role', words: span, display });
    } else if (conceptPhrase) {
      terms.push(makeTerm(span.join(' '), conceptPhrase.value, display, undefined));
      canon.push(conceptPhrase.value);
      segments.push({ kind: 'content', words: span, display });
    } else {
      const word = span[0]!;
      const stop = STOP_WORDS.has(word);
      (stop ? stopTerms : terms).push(contentTerm(word, display));
      if (!stop) canon.push(WORD_CONCEPTS.get(word) ?? word);
      segments.push({ kind: stop ? 'stop' : 'content', words: span, display });
    }
  }
  // A query of nothing but small words ("about", "to") still means those words.
  const finalTerms = terms.length || roles.length ? terms : stopTerms;
  return {
    terms: dedupeTerms(finalTerms),
    roles,
    roleDisplay,
    roleStems,
    hints: roles.length ? [] : finalTerms.flatMap((t) => (t.hint ? [t.hint.family] : [])),
    phrases: queryPhrases(segments),
    canon: canon.join(' '),
    gate: finalTerms.length && !finalTerms.some((t) => t.hint?.roleAnswers) ? needlePattern(finalTerms.flatMap((t) => t.needles)) : undefined,
  };
}

/** "cart cart" asks for a cart once; repeats would only skew the average. */
function dedupeTerms(terms: readonly QueryTerm[]): QueryTerm[] {
  const seen = new Set<string>();
  return terms.filter((t) => !seen.has(t.word) && (seen.add(t.word), true));
}

// ─── Scoring ────────────────────────────────────────────────────────────────────────────────────

const EXACT = 1;
const SYNONYM = 0.85;
const PREFIX = 0.6;
const INFIX = 0.45;
/** How much of a hinted word an element of the hinted role answers without saying the word. */
const ROLE_ANSWER = 0.5;
/** The content score mixes how well the words matched with how many did, so all-words beats some-words. */
const QUALITY_SHARE = 0.55;
const COVERAGE_SHARE = 0.45;
const PHRASE_BONUS = 0.2;
const WHOLE_TEXT_BONUS = 0.15;
const ROLE_WORD_IN_NAME_BONUS = 0.04;
/** A wrong role keeps this much of the score: the page may not use roles the way the user thinks. */
const WRONG_ROLE_FLOOR = 0.3;
/** A hint word ("search", "menu") only leans towards its role. */
const WRONG_HINT_FLOOR = 0.75;
const INTERACTIVE_NUDGE = 0.01;
const IN_VIEWPORT_NUDGE = 0.005;

function wordQuality(term: QueryTerm, field: FieldIndex, infix: boolean): number {
  if (field.hasWord(term.word)) return EXACT;
  if (term.concept && field.hasConcept(term.concept)) return SYNONYM;
  if (term.word.length < 3 || term.word.includes(' ')) return 0;
  let quality = 0;
  for (const word of field.words) {
    if (word.length <= term.word.length) continue;
    if (word.startsWith(term.word)) return PREFIX;
    if (infix && term.word.length >= 4 && word.includes(term.word)) quality = INFIX;
  }
  return quality;
}

function roleFit(p: PreparedCandidate, families: readonly RoleFamily[]): number {
  let fit = 0;
  for (const f of families) {
    for (const role of p.roles) fit = Math.max(fit, f.roles.get(role) ?? 0);
    if (f.styledAsButton > fit && styledAsButton(p)) fit = f.styledAsButton;
  }
  return fit;
}

interface TermMatch {
  readonly term: QueryTerm;
  readonly score: number;
  readonly quality: number;
  /** Index into FIELDS, or -1 when the role alone answered. */
  readonly field: number;
}

function matchTerm(term: QueryTerm, p: PreparedCandidate): TermMatch {
  let score = 0;
  let quality = 0;
  let field = -1;
  for (let i = 0; i < FIELDS.length; i++) {
    const spec = FIELDS[i]!;
    if (spec.weight <= score) break;
    if (!mayContain(p.text(i), term.pattern)) continue;
    const q = wordQuality(term, p.field(i), spec.identifiers);
    if (q * spec.weight > score) {
      score = q * spec.weight;
      quality = q;
      field = i;
    }
  }
  if (term.hint?.roleAnswers) {
    const byRole = ROLE_ANSWER * roleFit(p, [term.hint.family]);
    if (byRole > score) return { term, score: byRole, quality: byRole, field: -1 };
  }
  return { term, score, quality, field };
}

interface Evaluation {
  readonly raw: number;
  readonly terms: readonly TermMatch[];
  readonly roleFit: number;
  readonly phrase: { field: number; phrase: QueryPhrase } | undefined;
}

const NO_MATCH: Evaluation = { raw: 0, terms: [], roleFit: 0, phrase: undefined };

function findPhrase(p: PreparedCandidate, q: ParsedQuery): { field: number; phrase: QueryPhrase } | undefined {
  for (let i = 0; i < FIELDS.length; i++) {
    if (!FIELDS[i]!.bonus || !p.text(i)) continue;
    const padded = p.field(i).padded;
    for (const phrase of q.phrases) if (padded.includes(phrase.padded)) return { field: i, phrase };
  }
  return undefined;
}

/** Bonuses for the element's own words: the query verbatim, the whole text being the query, role words said in the name. */
function textBonus(p: PreparedCandidate, q: ParsedQuery, phrase: Evaluation['phrase']): number {
  let bonus = phrase ? PHRASE_BONUS * FIELDS[phrase.field]!.bonus : 0;
  let whole = 0;
  for (let i = 0; i < FIELDS.length; i++) {
    const spec = FIELDS[i]!;
    if (!spec.bonus || !p.text(i)) continue;
    const field = p.field(i);
    if (q.canon && field.canon === q.canon) whole = Math.max(whole, WHOLE_TEXT_BONUS * spec.bonus);
    for (const word of q.roleStems) if (field.hasWord(word)) bonus += ROLE_WORD_IN_NAME_BONUS * spec.bonus;
  }
  return bonus + whole;
}

function roleFactor(q: ParsedQuery, fit: number): number {
  if (q.roles.length) return fit > 0 ? WRONG_ROLE_FLOOR + (1 - WRONG_ROLE_FLOOR) * fit : q.terms.length ? WRONG_ROLE_FLOOR : 0;
  if (q.hints.length) return WRONG_HINT_FLOOR + (1 - WRONG_HINT_FLOOR) * fit;
  return 1;
}

function evaluate(p: PreparedCandidate, q: ParsedQuery): Evaluation {
  const terms = q.terms.map((t) => matchTerm(t, p));
  let content = 1;
  let phrase: Evaluation['phrase'];
  if (terms.length) {
    let sum = 0;
    let matched = 0;
    for (const t of terms) {
      sum += t.score;
      if (t.score > 0) matched++;
    }
    if (!matched) return NO_MATCH;
    phrase = findPhrase(p, q);
    content = (QUALITY_SHARE * sum + COVERAGE_SHARE * matched) / terms.length + textBonus(p, q, phrase);
  }
  const fit = roleFit(p, q.roles.length ? q.roles : q.hints);
  const factor = roleFactor(q, fit);
  if (!factor) return NO_MATCH;
  const c = p.candidate;
  const raw = content * factor + (c.interactive ? INTERACTIVE_NUDGE : 0) + (c.inViewport ? IN_VIEWPORT_NUDGE : 0);
  return { raw, terms, roleFit: fit, phrase };
}

// ─── Explanations and output ────────────────────────────────────────────────────────────────────

function oneLine(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function quoted(text: string | undefined, max: number): string {
  return JSON.stringify(clip(oneLine(text), max));
}

const WHY_TEXT_MAX = 40;

function termNote(t: TermMatch): string {
  const note = t.quality === SYNONYM ? ' (synonym)' : t.quality < SYNONYM ? ' (partly)' : '';
  return `${JSON.stringify(t.term.display)}${note}`;
}

function explain(e: Evaluation, p: PreparedCandidate, q: ParsedQuery): string {
  const parts: string[] = [];
  const byField = new Map<number, TermMatch[]>();
  for (const t of e.terms) if (t.score > 0) byField.set(t.field, [...(byField.get(t.field) ?? []), t]);
  if (e.phrase) {
    const { field, phrase } = e.phrase;
    parts.push(`${FIELDS[field]!.label} ${quoted(p.text(field), WHY_TEXT_MAX)} matches ${JSON.stringify(phrase.display)}`);
  }
  for (const [field, matches] of [...byField].sort(([a], [b]) => a - b)) {
    if (e.phrase?.field === field) continue;
    const notes = matches.map(termNote).join(', ');
    if (field < 0) parts.push(`role ${p.candidate.role} fits ${notes}`);
    else parts.push(`${FIELDS[field]!.label} ${quoted(p.text(field), WHY_TEXT_MAX)} matches ${notes}`);
  }
  if (q.roles.length) parts.push(e.roleFit > 0 ? `role ${p.candidate.role}` : `role ${p.candidate.role}, not ${q.roleDisplay.join('/')}`);
  return parts.join('; ');
}

function normalisedLimit(limit: number | undefined): number {
  if (limit === undefined || Number.isNaN(limit)) return MAX_MATCHES;
  return Math.max(0, Math.min(MAX_MATCHES, Math.floor(limit)));
}

/** False when no text of the candidate contains any query word: most of a page, ruled out cheaply. */
function mightMatch(c: FindCandidate, gate: RegExp): boolean {
  for (const field of FIELDS) if (mayContain(field.read(c), gate)) return true;
  return false;
}

interface Ranked {
  readonly candidate: FindCandidate;
  readonly score: number;
  /** Position in the input: the last tie-break, for candidates sharing an order. */
  readonly index: number;
}

function ranksBefore(a: Ranked, b: Ranked): boolean {
  if (a.score !== b.score) return a.score > b.score;
  if (a.candidate.order !== b.candidate.order) return a.candidate.order < b.candidate.order;
  return a.index < b.index;
}

/** The best `size` seen so far, best first. Holding only these keeps a 10,000-candidate page from piling up garbage. */
class TopList {
  readonly entries: Ranked[] = [];

  constructor(private readonly size: number) {}

  offer(entry: Ranked): void {
    const { entries } = this;
    if (entries.length === this.size && !ranksBefore(entry, entries.at(-1)!)) return;
    let at = entries.length;
    while (at > 0 && ranksBefore(entry, entries[at - 1]!)) at--;
    entries.splice(at, 0, entry);
    if (entries.length > this.size) entries.pop();
  }
}

/**
 * Rank `candidates` for a natural-language description. Candidates that match nothing are left
 * out; ties go to document order. Returns at most `limit` (default and cap 20).
 */
export function rankFindCandidates(query: string, candidates: readonly FindCandidate[], limit?: number): FindMatch[] {
  return findMatches(query, candidates, limit).matches;
}

/** The best matches, and how many candidates matched at all (for the "more matched" line). */
export function findMatches(query: string, candidates: readonly FindCandidate[], limit?: number): { matches: FindMatch[]; total: number } {
  const max = normalisedLimit(limit);
  const ordinal = parseOrdinal(query);
  if (max && ordinal && !pageSaysOrdinal(ordinal, candidates.flatMap((c) => [c.name, c.nearbyText, c.label]))) {
    const positional = matchAtPosition(ordinal, candidates, max);
    if (positional) return positional;
  }
  const q = parseQuery(query);
  if (!max || (!q.terms.length && !q.roles.length)) return { matches: [], total: 0 };
  let total = 0;
  const cache = new FieldCache();
  const top = new TopList(max);
  for (let index = 0; index < candidates.length; index++) {
    const candidate = candidates[index]!;
    if (q.gate && !mightMatch(candidate, q.gate)) continue;
    const raw = evaluate(new PreparedCandidate(candidate, cache), q).raw;
    // Rounded so float noise cannot beat document order between equal matches.
    if (raw > 0) {
      total++;
      top.offer({ candidate, score: Math.round(raw * 1000) / 1000, index });
    }
  }
  const matches = top.entries.map(({ candidate, score }) => {
    const p = new PreparedCandidate(candidate, cache);
    return { candidate, score, why: explain(evaluate(p, q), p, q) };
  });
  return { matches, total };
}

/**
 * "the second menu item": every match of "menu item", then the second of the best ones in document
 * order, first; the other matches follow as usual. Undefined when there are not that many.
 */
function matchAtPosition(ordinal: Ordinal, candidates: readonly FindCandidate[], max: number): { matches: FindMatch[]; total: number } | undefined {
  const q = parseQuery(ordinal.rest);
  if (!q.terms.length && !q.roles.length) return undefined;
  const cache = new FieldCache();
  const scored: Array<{ candidate: FindCandidate; score: number }> = [];
  for (const candidate of candidates) {
    if (q.gate && !mightMatch(candidate, q.gate)) continue;
    const raw = evaluate(new PreparedCandidate(candidate, cache), q).raw;
    if (raw > 0) scored.push({ candidate, score: Math.round(raw * 1000) / 1000 });
  }
  const position = pickByPosition(scored, ordinal);
  if (!position) return undefined;
  const { picked, count } = position;
  const p = new PreparedCandidate(picked.candidate, cache);
  const first = { candidate: picked.candidate, score: picked.score, why: `${ordinal.word} of ${count}: ${explain(evaluate(p, q), p, q)}` };
  const others = findMatches(ordinal.rest, candidates, max).matches.filter((m) => m.candidate !== picked.candidate);
  return { matches: [first, ...others].slice(0, max), total: scored.length };
}

const TEXT_MAX = 100;
const NEARBY_MAX = 60;

/** One line in the page snapshot's style: role "name" [ref] hints — in "surroundings". */
function describeMatch(c: FindCandidate): string {
  const name = oneLine(c.name);
  let line = `${c.role || 'generic'}${name ? ` ${quoted(name, TEXT_MAX)}` : ''} [${c.ref}]`;
  const label = oneLine(c.label);
  if (label && label !== name) line += ` label=${quoted(label, TEXT_MAX)}`;
  const placeholder = oneLine(c.placeholder);
  if (placeholder && placeholder !== name) line += ` placeholder=${quoted(placeholder, TEXT_MAX)}`;
  if (c.value) line += ` value=${quoted(c.value, TEXT_MAX)}`;
  if (!c.inViewport) line += ' (off-screen)';
  const nearby = oneLine(c.nearbyText);
  if (nearby) line += ` — in ${quoted(nearby, NEARBY_MAX)}`;
  return line;
}

/** The text the model reads: a count, one line per match, and how many more matched less well. */
export function formatFindResult(query: string, matches: readonly FindMatch[], total: number): string {
  const shownQuery = quoted(query, TEXT_MAX);
  if (!matches.length) {
    return `No element matches ${shownQuery}. Try read_page to see what the page has, or describe the element differently.`;
  }
  const lines = [`Found ${matches.length} ${matches.length === 1 ? 'match' : 'matches'} for ${shownQuery}`, ...matches.map((m) => describeMatch(m.candidate))];
  const more = total - matches.length;
  if (more > 0) lines.push(`(${more} more matched less well; refine the query to narrow it.)`);
  return lines.join('\n');
}
