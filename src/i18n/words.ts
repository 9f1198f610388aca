import type english from '../../public/_locales/en/messages.json';

/** The name of a message in public/_locales: a key missing from the English messages does not type-check. */
export type MessageKey = keyof typeof english;

/**
 * Words for people, built where the core decides and shown in the reader's language where they are
 * read: a message of public/_locales with its substitutions. The core cannot call chrome.i18n, so it
 * hands the panel the key; the audit log and the model read the English text (`inEnglish`, in english.ts, which
 * carries the English messages and so stays out of the panel's bundle).
 */
export interface Words {
  readonly key: MessageKey;
  /** Substitutions, themselves words where they need wording too ("Mondays and Thursdays"), or amounts. */
  readonly args: readonly Arg[];
}

/** A number each language writes its own way: "1,000" and "$0.50" in English, "1.000" and "0,50 $" in German. */
export interface Amount {
  readonly amount: number;
  /** US dollars, or a count of tokens written short ("21.5K"); left out, a plain number. */
  readonly unit?: 'usd' | 'tokens';
}

/** What fills a message's $1…$9. */
export type Arg = Text | Amount;

/** What a view shows: words to translate, or plain text (model output, and records older than words). */
export type Text = string | Words;

export function words(key: MessageKey, ...args: Array<Arg | number>): Words {
  return { key, args: args.map((arg) => (typeof arg === 'number' ? String(arg) : arg)) };
}

/** Items in a sentence: "A", "A and B", "A, B and C" (or "A, B or C"). */
export function listOf(items: readonly Arg[], join: MessageKey = msg('list_and')): Arg {
  if (items.length <= 1) return items[0] ?? '';
  const head = items.slice(1, -1).reduce<Arg>((list, item) => words('list_comma', list, item), items[0]!);
  return words(join, head, items.at(-1)!);
}

export function amount(value: number, unit?: Amount['unit']): Amount {
  return unit ? { amount: value, unit } : { amount: value };
}

export function isAmount(value: unknown): value is Amount {
  return typeof value === 'object' && value !== null && typeof (value as Amount).amount === 'number';
}

/** An amount as the language of `locale` writes it (Intl, so the core needs no table of its own). */
export function formatAmount({ amount: value, unit }: Amount, locale: string): string {
  switch (unit) {
    case 'usd':
      return new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD' }).format(value);
    case 'tokens':
      return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
    default:
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
  }
}

/** A key kept in a table, to be worded where it is used; marks it for the test that finds keys in use. */
export const msg = (key: MessageKey): MessageKey => key;

export function isWords(value: unknown): value is Words {
  return typeof value === 'object' && value !== null && typeof (value as Words).key === 'string' && Array.isArray((value as Words).args);
}
