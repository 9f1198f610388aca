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
  /** Substitutions, themselves words where they need wording too ("Mondays and Thursdays"). */
  readonly args: readonly Text[];
}

/** What a view shows: words to translate, or plain text (model output, and records older than words). */
export type Text = string | Words;

export function words(key: MessageKey, ...args: Array<Text | number>): Words {
  return { key, args: args.map((arg) => (typeof arg === 'number' ? String(arg) : arg)) };
}

/** A key kept in a table, to be worded where it is used; marks it for the test that finds keys in use. */
export const msg = (key: MessageKey): MessageKey => key;

export function isWords(value: unknown): value is Words {
  return typeof value === 'object' && value !== null && typeof (value as Words).key === 'string' && Array.isArray((value as Words).args);
}
