import { z } from 'zod';
import english from '../../public/_locales/en/messages.json';
import { priceSchema } from '../model/pricing';
import { SITE_PATTERN } from '../policy/sites';
import { type KeysOfKind, numberText, SETTING_KEYS, SETTINGS, type SettingKey } from '../settings/definitions';
import type { KeyValueArea } from './area';
import { readVersioned, type VersionedItem } from './versioned';

export { DEFAULT_ALIGNMENT_MODEL, DEFAULT_API_BASE_URL, DEFAULT_MODEL } from '../settings/definitions';

/**
 * The stored settings' schemas, one per field, derived from the definitions in
 * src/settings/definitions.ts (kinds, defaults, limits); what plain data cannot say (an address, a
 * model id, a domain) is refined here. settings.test.ts checks each schema against its definition.
 */

const httpUrl = z
  .string()
  .trim()
  .max(SETTINGS.apiBaseUrl.maxLength, 'is too long')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  }, 'must be an http(s) address such as https://api.anthropic.com')
  .transform((value) => value.replace(/\/+$/, ''));

function modelId(key: 'model' | 'alignmentModel') {
  const { default: fallback } = SETTINGS[key];
  return z.string().trim().regex(/^[A-Za-z0-9._:@/-]{1,120}$/, `must be a model id such as ${fallback}`).default(fallback);
}

function numberField(key: KeysOfKind<'number'>) {
  const definition = SETTINGS[key];
  const number = z.number({ error: 'must be a number' });
  return (definition.integer ? number.int('must be a whole number') : number)
    .min(definition.min, `must be at least ${numberText(definition.unit, definition.min)}`)
    .max(definition.max, `must be at most ${numberText(definition.unit, definition.max)}`)
    .default(definition.default);
}

function siteList(key: KeysOfKind<'sites'>, example: string) {
  const { maxItems } = SETTINGS[key];
  const site = z.string().trim().toLowerCase().regex(SITE_PATTERN, `must list ${example}, one per line`);
  return z.array(site).max(maxItems, `can hold at most ${maxItems} sites`).default([]);
}

/** Each field with its default, validated on its own so one bad field never costs the others. */
export const settingsFields = {
  apiKey: z.string().trim().max(SETTINGS.apiKey.maxLength, 'is too long to be an API key').default(SETTINGS.apiKey.default),
  model: modelId('model'),
  apiBaseUrl: httpUrl.default(SETTINGS.apiBaseUrl.default),
  allowDevtools: z.boolean().default(SETTINGS.allowDevtools.default),
  alignmentCheck: z.boolean().default(SETTINGS.alignmentCheck.default),
  alignmentModel: modelId('alignmentModel'),
  maxSteps: numberField('maxSteps'),
  maxMinutes: numberField('maxMinutes'),
  maxCostUsd: numberField('maxCostUsd'),
  trustedSites: siteList('trustedSites', 'sites such as shop.example.com'),
  sensitiveSites: siteList('sensitiveSites', 'domains such as bank.example.com'),
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

/** A setting's English label, as the form shows it, for the worker's sentences. */
export function settingLabel(field: SettingKey): string {
  return english[SETTINGS[field].label].message;
}

export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}

export interface LoadedSettings {
  settings: Settings;
  /** One plain sentence per stored value that was unreadable and replaced by its default. */
  problems: string[];
}

/**
 * Reads what storage holds, whatever it is: a field that fails validation falls back to its
 * default and is reported, and the rest is kept.
 */
export function parseStoredSettings(stored: unknown): LoadedSettings {
  const settings = defaultSettings();
  const problems: string[] = [];
  if (stored === undefined || stored === null) return { settings, problems };
  if (typeof stored !== 'object' || Array.isArray(stored)) {
    problems.push('The stored settings were unreadable, so the defaults are in use.');
    return { settings, problems };
  }
  const record = stored as Record<string, unknown>;
  for (const field of SETTING_KEYS) {
    if (!(field in record) || record[field] === undefined) continue;
    const parsed = settingsFields[field].safeParse(record[field]);
    if (parsed.success) {
      (settings as Record<SettingsField, unknown>)[field] = parsed.data;
    } else {
      const reason = parsed.error.issues[0]?.message ?? 'is invalid';
      problems.push(`The stored ${settingLabel(field)} ${reason}, so the default is in use.`);
    }
  }
  return { settings, problems };
}

export type SettingsValidation =
  | { ok: true; settings: Settings }
  | { ok: false; errors: Partial<Record<SettingsField, string>> };

/** Validates what the user typed; each error names the field as the form labels it. */
export function validateSettingsInput(input: unknown): SettingsValidation {
  const parsed = settingsSchema.safeParse(input);
  if (parsed.success) return { ok: true, settings: parsed.data };
  const errors: Partial<Record<SettingsField, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && field in settingsFields) {
      errors[field as SettingsField] ??= `${settingLabel(field as SettingsField)} ${issue.message}`;
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
      loaded.problems.unshift(`The stored settings were written by a newer Steward (version ${read.version}); this one reads up to version ${SETTINGS_VERSION}, so some may be left out.`);
      return loaded;
    }
    case 'invalid':
      return { settings: defaultSettings(), problems: [`The stored settings were unreadable (${read.reason}), so the defaults are in use.`] };
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
