import type english from '../../public/_locales/en/messages.json';

/** The names of the panel's strings (public/_locales/en/messages.json): a key missing there does not type-check. */
export type MessageKey = keyof typeof english;

/** A key kept in a table, to be translated where it is shown; marks it for the test that finds keys in use (sidepanel/i18n.test.ts). */
export const msg = (key: MessageKey): MessageKey => key;
