import { z } from 'zod';
import { issueWords } from '../i18n/issues';
import { msg, type Words, words } from '../i18n/words';
import { priceSchema } from '../model/pricing';
import { SITE_PATTERN } from '../policy/sites';
import { type KeysOfKind, SETTING_KEYS, type SettingDefinition, SETTINGS, type SettingKey } from '../settings/definitions';
import type { KeyValueArea } from './area';
import { readVersioned, type VersionedItem } from './versioned';

export { DEFAULT_ALIGNMENT_MODEL, DEFAULT_API_BASE_URL, DEFAULT_MODEL } from '../settings/definitions';

/**
 * The stored settings' schemas, one per field, derived from the definitions in
 * src/settings/definitions.ts (kinds, defaults, limits); what plain data cannot say (an address, a
 * model id, a domain) is refined here. settings.test.ts checks each schema against its definition.
 */

// Each message is a key of public/_locales, worded for the field by issueWords (src/i18n/issues.ts).
const httpUrl = z
  .string()
  .trim()
  .max(SETTINGS.apiBaseUrl.maxLength, msg('invalid_too_long'))
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  }, msg('invalid_api_url'))
  .transform((value) => value.replace(/\/+$/, ''));

function modelId(key: 'model' | 'alignmentModel') {
  const { default: fallback } = SETTINGS[key];
  const pattern = /^[A-Za-z0-9._:@/-]{1,120}$/;
  return z
    .string()
    .trim()
    .refine((value) => pattern.test(value), { message: msg('invalid_model_id'), params: { args: [fallback] } })
    .default(fallback);
}

function numberField(key: KeysOfKind<'number'>) {
  const definition = SETTINGS[key];
  const number = z.number({ error: msg('invalid_number') });
  return (definition.integer ? number.int(msg('invalid_whole_number')) : number).min(definition.min, msg('invalid_at_least')).max(definition.max, msg('invalid_at_most')).default(definition.default);
}

function siteList(key: KeysOfKind<'sites'>) {
  const { maxItems, placeholder } = SETTINGS[key];
  const site = z
    .string()
    .trim()
    .toLowerCase()
    .refine((value) => SITE_PATTERN.test(value), { message: msg('invalid_site_list'), params: { args: [placeholder] } });
  return z.array(site).max(maxItems, msg('invalid_too_many_sites')).default([]);
}

/** Each field with its default, validated on its own so one bad field never costs the others. */
export const settingsFields = {
  apiKey: z.string().trim().max(SETTINGS.apiKey.maxLength, msg('invalid_api_key_long')).default(SETTINGS.apiKey.default),
  model: modelId('model'),
  apiBaseUrl: httpUrl.default(SETTINGS.apiBaseUrl.default),
  allowDevtools: z.boolean().default(SETTINGS.allowDevtools.default),
  alignmentCheck: z.boolean().default(SETTINGS.alignmentCheck.default),
  alignmentModel: modelId('alignmentModel'),
  maxSteps: numberField('maxSteps'),
  maxMinutes: numberField('maxMinutes'),
  maxCostUsd: numberField('maxCostUsd'),
  trustedSites: siteList('trustedSites'),
  sensitiveSites: siteList('sensitiveSites'),
  routineConcurrency: numberField('routineConcurrency'),
  approvalWaitMinutes: numberField('approvalWaitMinutes'),
  defaultMode: z.enum(SETTINGS.defaultMode.options).default(SETTINGS.defaultMode.default),
  prices: z.record(z.string(), priceSchema).default({}),
} as const satisfies { [K in SettingKey]: z.ZodType };

export const settingsSchema = z.object(settingsFields);
export type Settings = z.output<typeof settingsSchema>;
export type SettingsField = keyof Settings;

export const SETTINGS_KEY = 'settings';
/**
 * The version of the stored record ({ version, value }). Adding a field needs no new version (a
 * field left out gets its default); renaming or reshaping one does, with a step in the ladder below.
 */
export const SETTINGS_VERSION = 1;

/** The stored record as the ladder sees it; its fields are read one by one afterwards. */
export const settingsItem: VersionedItem<{ value?: unknown }> = {
  name: 'settings',
  version: SETTINGS_VERSION,
  schema: z.looseObject({ value: z.unknown() }),
  migrations: {},
};

/** A setting's label, as the form shows it, for the worker's sentences. */
export function settingLabel(field: SettingKey): Words {
  return words(SETTINGS[field].label);
}

/** What is wrong with a setting's value, in words naming the field: "Max steps must be at most 1,000". */
function fieldError(field: SettingsField, issue: z.core.$ZodIssue): Words {
  const definition: SettingDefinition = SETTINGS[field];
  return issueWords(issue, settingLabel(field), definition.kind === 'number' && definition.unit === 'usd' ? 'usd' : undefined);
}

export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}

export interface LoadedSettings {
  settings: Settings;
  /** One sentence per stored value that was unreadable and replaced by its default. */
  problems: Words[];
}

/**
 * Reads what storage holds, whatever it is: a field that fails validation falls back to its
 * default and is reported, and the rest is kept.
 */
export function parseStoredSettings(stored: unknown): LoadedSettings {
  const settings = defaultSettings();
  const problems: Words[] = [];
  if (stored === undefined || stored === null) return { settings, problems };
  if (typeof stored !== 'object' || Array.isArray(stored)) {
    problems.push(words('settings_unreadable'));
    return { settings, problems };
  }
  const record = stored as Record<string, unknown>;
  for (const field of SETTING_KEYS) {
    if (!(field in record) || record[field] === undefined) continue;
    const parsed = settingsFields[field].safeParse(record[field]);
    if (parsed.success) {
      (settings as Record<SettingsField, unknown>)[field] = parsed.data;
    } else {
      const [issue] = parsed.error.issues;
      problems.push(words('settings_stored_invalid', issue ? fieldError(field, issue) : words('invalid_field', settingLabel(field))));
    }
  }
  return { settings, problems };
}

export type SettingsValidation =
  | { ok: true; settings: Settings }
  | { ok: false; errors: Partial<Record<SettingsField, Words>> };

/** Validates what the user typed; each error names the field as the form labels it, in words for the reader's language. */
export function validateSettingsInput(input: unknown): SettingsValidation {
  const parsed = settingsSchema.safeParse(input);
  if (parsed.success) return { ok: true, settings: parsed.data };
  const errors: Partial<Record<SettingsField, Words>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && field in settingsFields) {
      errors[field as SettingsField] ??= fieldError(field as SettingsField, issue);
    }
  }
  return { ok: false, errors };
}

/**
 * Reads the stored record through its version ladder. Records from before the { version, value }
 * wrapper hold the fields themselves. A record from a newer Steward is read field by field as far
 * as this one understands it, and reported; it is overwritten only when the user saves.
 */
export function readStoredSettings(stored: unknown): LoadedSettings {
  if (stored === undefined || stored === null) return parseStoredSettings(undefined);
  const wrapped = typeof stored === 'object' && !Array.isArray(stored) && !('value' in stored) ? { version: 1, value: stored } : stored;
  const read = readVersioned(settingsItem, wrapped);
  switch (read.status) {
    case 'current':
    case 'migrated':
      return parseStoredSettings(read.value.value);
    case 'newer': {
      const loaded = parseStoredSettings((wrapped as { value?: unknown }).value);
      loaded.problems.unshift(words('settings_newer', read.version, SETTINGS_VERSION));
      return loaded;
    }
    case 'invalid':
      return { settings: defaultSettings(), problems: [words('settings_unreadable_because', read.reason)] };
  }
}

export async function loadSettings(area: KeyValueArea): Promise<LoadedSettings> {
  return readStoredSettings(await area.get(SETTINGS_KEY));
}

export async function saveSettings(area: KeyValueArea, settings: Settings): Promise<void> {
  await area.set(SETTINGS_KEY, { version: SETTINGS_VERSION, value: settingsSchema.parse(settings) });
}

/** What the panel may show: never the key itself, only whether one is set and its last four characters. */
export function redactApiKey(apiKey: string): string {
  if (!apiKey) return '';
  return apiKey.length <= 8 ? '••••' : `••••${apiKey.slice(-4)}`;
}
