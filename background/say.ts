import { inEnglish } from '../src/i18n/english';
import { type Arg, formatAmount, isAmount, type MessageKey } from '../src/i18n/words';

/** Text the worker shows itself (notifications, menus), in the browser's language. */
export function say(text: Arg): string {
  if (typeof text === 'string') return text;
  // In the language of the messages, which name it, as the panel writes them (sidepanel/i18n.ts uiLocale).
  if (isAmount(text)) return formatAmount(text, chrome.i18n.getMessage('locale') || 'en-US');
  return chrome.i18n.getMessage(text.key, text.args.map(say)) || inEnglish(text);
}

/** One message of public/_locales by key, for the worker's own strings. */
export function message(key: MessageKey, ...args: Array<string | number>): string {
  return say({ key, args: args.map(String) });
}
