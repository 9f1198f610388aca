import { z } from 'zod';
import { priceSchema } from '../model/pricing';
import { MODES } from '../policy/decide';
import { SITE_PATTERN } from '../policy/sites';
import type { KeyValueArea } from './area';

/** A model that serves the Anthropic browser toolset; the user can pick another in Settings. */
export const DEFAULT_MODEL = 'claude-sonnet-5-5';
/** The small model of the alignment check (src/policy/alignment.ts): the Haiku tier. */
export const DEFAULT_ALIGNMENT_MODEL = 'claude-haiku-5-5';
export const DEFAULT_API_BASE_URL = 'https://api.anthropic.com';

const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  }, 'must be an http(s) address such as https://api.anthropic.com')
  .transform((value) => value.replace(/\/+$/, ''));

/** Each field with its default, validated on its own so one bad field never costs the others. */
export const settingsFields = {
  apiKey: z.string().trim().max(400, 'is too long to be an API key').default(''),
  model: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._:@/-]{1,120}$/, 'must be a model id such as claude-sonnet-5-5')
    .default(DEFAULT_MODEL),
  apiBaseUrl: httpUrl.default(DEFAULT_API_BASE_URL),
  /** read_console and read_network: off by default, since logs can hold what the user did not show. */
  allowDevtools: z.boolean().default(false),
  /** Budgets per task: the task ends with a clear message when one is reached. */
  maxSteps: z.number().int().min(1, 'must be at least 1').max(1000, 'must be at most 1,000').default(100),
  maxMinutes: z.number().min(1, 'must be at least 1').max(24 * 60, 'must be at most a day').default(30),
  maxCostUsd: z.number().min(0.01, 'must be at least $0.01').max(1000, 'must be at most $1,000').default(5),
  /** Sites the user adds to the built-in sensitive list: every change there asks, in every mode. */
  sensitiveSites: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(SITE_PATTERN, 'must list domains such as bank.example.com, one per line'),
    )
    .max(500, 'can hold at most 500 sites')
    .default([]),
  /** Sites where ordinary actions run without asking in the "Act without asking" mode. */
  trustedSites: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(SITE_PATTERN, 'must list sites such as shop.example.com, one per line'),
    )
    .max(500, 'can hold at most 500 sites')
    .default([]),
  /** The mode a new task starts in (src/policy/decide.ts); the panel remembers the last one chosen. */
  defaultMode: z.enum(MODES).default('act'),
  /** Before an action that runs without asking, a second model call checks it serves the task (src/policy/alignment.ts). */
  alignmentCheck: z.boolean().default(true),
  alignmentModel: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._:@/-]{1,120}$/, 'must be a model id such as claude-haiku-5-5')
    .default(DEFAULT_ALIGNMENT_MODEL),
  /** The user's own prices per model (USD per million tokens), over Steward's defaults. */
  prices: z.record(z.string(), priceSchema).default({}),
} as const;

export const settingsSchema = z.object(settingsFields);
export type Settings = z.output<typeof settingsSchema>;
export type SettingsField = keyof Settings;

export const SETTINGS_KEY = 'settings';
export const SETTINGS_VERSION = 1;

const FIELD_LABELS: Record<SettingsField, string> = {
  apiKey: 'API key',
  model: 'Model',
  apiBaseUrl: 'API base URL',
  allowDevtools: 'Let Claude read the console and network log',
  maxSteps: 'Max steps',
  maxMinutes: 'Max minutes',
  maxCostUsd: 'Max cost (USD)',
  prices: 'Prices',
  sensitiveSites: 'Also sensitive',
  trustedSites: 'Act without asking on',
  defaultMode: 'Mode',
  alignmentCheck: 'Check each action against the task (alignment check)',
  alignmentModel: 'Alignment check model',
};

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
  for (const field of Object.keys(settingsFields) as SettingsField[]) {
    if (!(field in record) || record[field] === undefined) continue;
    const parsed = settingsFields[field].safeParse(record[field]);
    if (parsed.success) {
      (settings as Record<SettingsField, unknown>)[field] = parsed.data;
    } else {
      const reason = parsed.error.issues[0]?.message ?? 'is invalid';
      problems.push(`The stored ${FIELD_LABELS[field]} ${reason}, so the default is in use.`);
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
      errors[field as SettingsField] ??= `${FIELD_LABELS[field as SettingsField]} ${issue.message}`;
    }
  }
  return { ok: false, errors };
}

export async function loadSettings(area: KeyValueArea): Promise<LoadedSettings> {
  const stored = await area.get(SETTINGS_KEY);
  const value = stored && typeof stored === 'object' && 'value' in stored ? (stored as { value: unknown }).value : stored;
  return parseStoredSettings(value);
}

export async function saveSettings(area: KeyValueArea, settings: Settings): Promise<void> {
  await area.set(SETTINGS_KEY, { version: SETTINGS_VERSION, value: settingsSchema.parse(settings) });
}

/** What the panel may show: never the key itself, only whether one is set and its last four characters. */
export function redactApiKey(apiKey: string): string {
  if (!apiKey) return '';
  return apiKey.length <= 8 ? '••••' : `••••${apiKey.slice(-4)}`;
}
