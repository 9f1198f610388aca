import { z } from 'zod';
import { priceSchema } from '../model/pricing';
import { FORM_KEYS, type FormKey, LOCKED_KEYS, type LockedKey, SETTING_KEYS, SETTINGS, type SettingKey } from '../settings/definitions';
import { MODES } from '../settings/modes';
import { textSchema } from './task';

/**
 * The settings view the panel shows and the draft its form sends, derived from the definitions in
 * src/settings/definitions.ts: a setting's kind gives its shape on the wire. The secret (the API
 * key) never leaves the worker, and the prices are shown for the selected model only, so both have
 * view fields of their own.
 */

/** What each kind of setting looks like in the view. The one 'select' setting is the mode. */
const VIEW_BY_KIND = { text: z.string(), url: z.string(), toggle: z.boolean(), number: z.number(), sites: z.array(z.string()), select: z.enum(MODES) } as const;
type ViewKind = keyof typeof VIEW_BY_KIND;
type ShownKey = { [K in SettingKey]: (typeof SETTINGS)[K]['kind'] extends ViewKind ? K : never }[SettingKey];

const SHOWN_KEYS = SETTING_KEYS.filter((key): key is ShownKey => SETTINGS[key].kind in VIEW_BY_KIND);
const shownFields = Object.fromEntries(SHOWN_KEYS.map((key) => [key, VIEW_BY_KIND[SETTINGS[key].kind as ViewKind]])) as {
  [K in ShownKey]: (typeof VIEW_BY_KIND)[(typeof SETTINGS)[K]['kind']];
};

export const settingsViewSchema = z.object({
  ...shownFields,
  /** Never the key: whether one is saved, and its last four characters. */
  apiKeyHint: z.string(),
  hasApiKey: z.boolean(),
  /** What the selected model costs, and whether that is the user's own figure. */
  price: priceSchema,
  priceIsCustom: z.boolean(),
  /** Stored values that were unreadable, in words. */
  problems: z.array(textSchema),
  /** What the administrator set through Chrome's managed storage; the panel shows it read-only. */
  admin: z.object({
    /** Per setting the administrator constrains, why (the ceilings: their value), in words. */
    locked: z.partialRecord(z.enum(LOCKED_KEYS as [LockedKey, ...LockedKey[]]), textSchema),
    sensitiveDomains: z.array(z.string()),
    blockedDomains: z.array(z.string()),
    allowedDomains: z.array(z.string()),
    disabledModes: z.array(z.enum(MODES)),
    disabledMembers: z.array(z.string()),
    /** Values of the policy that were ignored, in words. */
    problems: z.array(textSchema),
  }),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

/**
 * What the form sends for each kind: text as typed (the worker trims and checks it), site lists as
 * one site per line, and a number as a number, or as the text typed when it was not one, so the
 * worker's answer can say so.
 */
function draftField(key: FormKey) {
  const definition = SETTINGS[key];
  switch (definition.kind) {
    case 'toggle':
      return z.boolean();
    case 'number':
      return z.union([z.number(), z.string().max(100)]);
    case 'sites':
      return z.string().max(50_000);
    default:
      return z.string().max(definition.maxLength);
  }
}
type DraftKind = { toggle: z.ZodBoolean; number: z.ZodUnion<[z.ZodNumber, z.ZodString]>; sites: z.ZodString; secret: z.ZodString; text: z.ZodString; url: z.ZodString };

const draftFields = Object.fromEntries(FORM_KEYS.map((key) => [key, draftField(key).optional()])) as {
  [K in FormKey]: z.ZodOptional<DraftKind[(typeof SETTINGS)[K]['kind']]>;
};

/** The form's fields; each one left out keeps its saved value, and an empty API key keeps the saved key. */
export const settingsDraftSchema = z.object({
  ...draftFields,
  clearApiKey: z.boolean().default(false),
  /** The price of the model in the form; left out, the saved prices stay. */
  price: priceSchema.optional(),
});
export type SettingsDraft = z.input<typeof settingsDraftSchema>;

/** The settings the view shows as they are. */
export function shownSettings(settings: { [K in ShownKey]: z.infer<(typeof shownFields)[K]> }): { [K in ShownKey]: z.infer<(typeof shownFields)[K]> } {
  return Object.fromEntries(SHOWN_KEYS.map((key) => [key, settings[key]])) as { [K in ShownKey]: z.infer<(typeof shownFields)[K]> };
}
