import english from '../../public/_locales/en/messages.json';
import type { Text, Words } from './words';

/** Fills $1…$9 the way chrome.i18n.getMessage does ($$ is a dollar sign). */
export function fill(message: string, args: readonly string[]): string {
  return message.replace(/\$(\$|[1-9])/g, (_, slot: string) => (slot === '$' ? '$' : (args[Number(slot) - 1] ?? '')));
}

/** The English text of `text`: for the audit log, the model, notifications without chrome.i18n, and tests. */
export function inEnglish(text: Text): string {
  if (typeof text === 'string') return text;
  const entry = (english as Record<string, { message: string } | undefined>)[text.key];
  return entry ? fill(entry.message, text.args.map(inEnglish)) : text.key;
}

/** An error whose message is words: the panel shows them in the reader's language, logs and tests read the English. */
export class WordsError extends Error {
  constructor(readonly words: Words) {
    super(inEnglish(words));
  }
}
