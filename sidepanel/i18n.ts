import { type Arg, formatAmount, isAmount, type MessageKey } from '../src/i18n/words';
import { MODE_TABLE, type Mode } from '../src/settings/modes';

export { type MessageKey, msg } from '../src/i18n/words';

/**
 * One string of the panel in the browser's language, from public/_locales/<lang>/messages.json,
 * with $1…$9 filled in. sidepanel/i18n.test.ts checks that every key used here exists in every
 * language and that the languages have the same keys.
 */
export function t(key: MessageKey, ...substitutions: Array<string | number>): string {
  return chrome.i18n.getMessage(key, substitutions.map(String)) || key;
}

/** Words the worker sent (src/i18n/words.ts) in the reader's language; plain text as it is. */
export function say(text: Arg): string {
  if (typeof text === 'string') return text;
  return isAmount(text) ? formatAmount(text, uiLocale()) : t(text.key, ...text.args.map(say));
}

/**
 * The language the panel's messages are in ("de-DE"), for numbers and dates to match them: each
 * language's messages name it. Chrome's UI language can differ (on Linux --lang picks the messages,
 * while getUILanguage and @@ui_locale stay en-US).
 */
export function uiLocale(): string {
  return t('locale');
}

/** A mode's one name ("Ask before acting"). */
export function modeName(mode: Mode): string {
  return t(MODE_TABLE[mode].name);
}

/** A mode as the composer's menu offers it: its name, and what it acts on where the menu says more. */
export function modeMenuLine(mode: Mode): string {
  const { menu } = MODE_TABLE[mode];
  return menu ? t(menu, modeName(mode)) : modeName(mode);
}
