import english from '../../public/_locales/en/messages.json';

/** The name of a message in public/_locales: a key missing from the English messages does not type-check. */
export type MessageKey = keyof typeof english;

/**
 * Words for people, built where the core decides and shown in the reader's language where they are
 * read: a message of public/_locales with its substitutions. The core cannot call chrome.i18n, so it
 * hands the panel the key; the audit log and the model read the English text (`inEnglish`).
 */
export interface Words {
  readonly key: MessageKey;
  readonly args: readonly string[];
}

/** What a view shows: words to translate, or plain text (model output, and records older than words). */
export type Text = string | Words;

export function words(key: MessageKey, ...args: Array<string | number>): Words {
  return { key, args: args.map(String) };
}

/** A key kept in a table, to be worded where it is used; marks it for the test that finds keys in use. */
export const msg = (key: MessageKey): MessageKey => key;

/** Fills $1…$9 the way chrome.i18n.getMessage does ($$ is a dollar sign). */
export function fill(message: string, args: readonly string[]): string {
  return message.replace(/\$(\$|[1-9])/g, (_, slot: string) => (slot === '$' ? '$' : (args[Number(slot) - 1] ?? '')));
}

/** The English text of `text`: for the audit log, the model, notifications without chrome.i18n, and tests. */
export function inEnglish(text: Text): string {
  if (typeof text === 'string') return text;
  const entry = (english as Record<string, { message: string } | undefined>)[text.key];
  return entry ? fill(entry.message, text.args) : text.key;
}

export function isWords(value: unknown): value is Words {
  return typeof value === 'object' && value !== null && typeof (value as Words).key === 'string' && Array.isArray((value as Words).args);
}
