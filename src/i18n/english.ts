import english from '../../public/_locales/en/messages.json';
import { type Arg, formatAmount, isAmount, type Words } from './words';

/** Fills $1…$9 the way chrome.i18n.getMessage does ($$ is a dollar sign). */
export function fill(message: string, args: readonly string[]): string {
  return message.replace(/\$(\$|[1-9])/g, (_, slot: string) => (slot === '$' ? '$' : (args[Number(slot) - 1] ?? '')));
}

/** The English text of `text`: for the audit log, the model, notifications without chrome.i18n, and tests. */
export function inEnglish(text: Arg): string {
  if (typeof text === 'string') return text;
  if (isAmount(text)) return formatAmount(text, 'en-US');
  const entry = (english as Record<string, { message: string } | undefined>)[text.key];
  return entry ? fill(entry.message, text.args.map(inEnglish)) : text.key;
}

/** An error whose message is words: the panel shows them in the reader's language, logs and tests read the English. */
export class WordsError extends Error {
  constructor(readonly words: Words) {
    super(inEnglish(words));
  }
}

/** Each value of a record of words in English (errors by field, locks by setting): for tests and logs. */
export function inEnglishEach<K extends string>(record: Partial<Record<K, Arg>>): Partial<Record<K, string>> {
  return Object.fromEntries(Object.entries<Arg | undefined>(record).map(([key, text]) => [key, text === undefined ? undefined : inEnglish(text)])) as Partial<Record<K, string>>;
}
