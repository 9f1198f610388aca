import { inEnglish } from '../i18n/english';
import type { Words } from '../i18n/words';

/**
 * The policy's question to the user. `reason` is the English text, for the audit log and the
 * model; `words` is what the card shows, in the reader's language (public/_locales).
 * `alwaysAllowable`: the question is only there because of the mode, so the user may answer
 * "always on this site".
 */
export type AskDecision = { verdict: 'ask'; reason: string; words: Words; alwaysAllowable?: boolean };

export function ask(reason: Words, alwaysAllowable?: boolean): AskDecision {
  return { verdict: 'ask', reason: inEnglish(reason), words: reason, ...(alwaysAllowable === undefined ? {} : { alwaysAllowable }) };
}
