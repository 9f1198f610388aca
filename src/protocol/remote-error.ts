import { isWords, type Words } from '../i18n/words';

/**
 * An error thrown on the other side of a context boundary, re-thrown here with its name and message,
 * and its words when it had them (src/i18n/english.ts, WordsError), for the panel to show in the
 * reader's language.
 */
export class RemoteError extends Error {
  readonly words: Words | undefined;

  constructor(name: string, message: string, words?: unknown) {
    super(message);
    this.name = name;
    this.words = isWords(words) ? words : undefined;
  }
}
