import type english from '../public/_locales/en/messages.json';
import type { Text } from '../src/i18n/words';

/** The names of the panel's strings: a key missing from the English messages does not type-check. */
export type MessageKey = keyof typeof english;

/**
 * One string of the panel in the browser's language, from public/_locales/<lang>/messages.json,
 * with $1…$9 filled in. sidepanel/i18n.test.ts checks that every key used here exists in every
 * language and that the languages have the same keys.
 */
export function t(key: MessageKey, ...substitutions: Array<string | number>): string {
  return chrome.i18n.getMessage(key, substitutions.map(String)) || key;
}

/** Words the worker sent (src/i18n/words.ts) in the reader's language; plain text as it is. */
export function say(text: Text): string {
  return typeof text === 'string' ? text : t(text.key, ...text.args.map(say));
}

/** A key kept in a table, to be translated where it is shown; marks it for the test that finds keys in use. */
export const msg = (key: MessageKey): MessageKey => key;
