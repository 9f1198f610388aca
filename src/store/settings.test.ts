import { describe, expect, it } from 'vitest';
import { inEnglish } from '../i18n/english';
import { memoryArea } from './area';
import {
  DEFAULT_API_BASE_URL,
  DEFAULT_MODEL,
  loadSettings,
  defaultSettings,
  parseStoredSettings,
  redactApiKey,
  saveSettings,
  readStoredSettings,
  SETTINGS_KEY,
  SETTINGS_VERSION,
  validateSettingsInput,
} from './settings';

describe('parseStoredSettings', () => {
  it('gives the defaults when nothing is stored', () => {
    expect(parseStoredSettings(undefined)).toEqual({
      settings: { apiKey: '', model: DEFAULT_MODEL, apiBaseUrl: DEFAULT_API_BASE_URL, allowDevtools: false, maxSteps: 100, maxMinutes: 30, maxCostUsd: 5, prices: {}, sensitiveSites: [], trustedSites: [], defaultMode: 'act', alignmentCheck: true, alignmentModel: 'claude-haiku-5-5', routineConcurrency: 2, approvalWaitMinutes: 60 },
      problems: [],
    });
  });

  it('keeps good fields and replaces a bad one with its default, saying so', () => {
    const { settings, problems } = parseStoredSettings({ apiKey: 'sk-1', model: 42, apiBaseUrl: 'ftp://x' });
    expect(settings).toEqual({ apiKey: 'sk-1', model: DEFAULT_MODEL, apiBaseUrl: DEFAULT_API_BASE_URL, allowDevtools: false, maxSteps: 100, maxMinutes: 30, maxCostUsd: 5, prices: {}, sensitiveSites: [], trustedSites: [], defaultMode: 'act', alignmentCheck: true, alignmentModel: 'claude-haiku-5-5', routineConcurrency: 2, approvalWaitMinutes: 60 });
    expect(problems).toHaveLength(2);
    expect(inEnglish(problems[0]!)).toMatch(/^A stored setting was not valid \(Model .*\), so its default is in use\.$/);
    expect(inEnglish(problems[1]!)).toMatch(/\(API base URL must be an http\(s\) address/);
  });

  it('survives a stored value of the wrong type altogether', () => {
    const { settings, problems } = parseStoredSettings('garbage');
    expect(settings.model).toBe(DEFAULT_MODEL);
    expect(problems.map(inEnglish)).toEqual(['The stored settings were unreadable, so the defaults are in use.']);
  });

  it('normalises a base URL with a trailing slash', () => {
    expect(parseStoredSettings({ apiBaseUrl: 'http://127.0.0.1:9999/' }).settings.apiBaseUrl).toBe('http://127.0.0.1:9999');
  });
});

describe('validateSettingsInput', () => {
  it('names the field as the form labels it', () => {
    const result = validateSettingsInput({ apiKey: 'k', model: 'has spaces', apiBaseUrl: 'not a url' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(inEnglish(result.errors.model!)).toBe('Model must be a model id such as claude-sonnet-5-5');
    expect(inEnglish(result.errors.apiBaseUrl!)).toMatch(/^API base URL must be an http\(s\) address/);
  });

  it('refuses credentials inside the base URL', () => {
    expect(validateSettingsInput({ apiBaseUrl: 'https://user:pw@api.example.com' }).ok).toBe(false);
  });
});

describe('storage round trip', () => {
  it('stores a versioned record and reads it back', async () => {
    const area = memoryArea();
    await saveSettings(area, { apiKey: 'sk-abc', model: 'claude-opus-5-5', apiBaseUrl: 'http://localhost:1234', allowDevtools: true, maxSteps: 10, maxMinutes: 5, maxCostUsd: 1, prices: { 'claude-opus-5-5': { input: 1, output: 2, cacheWrite: 1.25, cacheRead: 0.1 } }, sensitiveSites: ['intranet.example.com'], trustedSites: ['127.0.0.1'], defaultMode: 'plan', alignmentCheck: false, alignmentModel: 'claude-haiku-5-5', routineConcurrency: 3, approvalWaitMinutes: 90 });
    expect(area.data.get(SETTINGS_KEY)).toMatchObject({ version: 1 });
    expect((await loadSettings(area)).settings.model).toBe('claude-opus-5-5');
  });
});

it('redacts the key to its last four characters', () => {
  expect(redactApiKey('sk-ant-0123456789abcd')).toBe('••••abcd');
  expect(redactApiKey('')).toBe('');
  expect(redactApiKey('short')).toBe('••••');
});

it('takes the user\'s sensitive sites as domains, and names the field when one is not', () => {
  expect(validateSettingsInput({ sensitiveSites: ['Intranet.Example.com '] })).toMatchObject({ ok: true, settings: { sensitiveSites: ['intranet.example.com'] } });
  const bad = validateSettingsInput({ sensitiveSites: ['https://bank.example.com/login'] });
  expect(bad.ok).toBe(false);
  if (!bad.ok) expect(inEnglish(bad.errors.sensitiveSites!)).toBe('Also sensitive must list sites such as intranet.example.com, one per line');
});

it('takes trusted sites as hosts, localhost and IP addresses included', () => {
  expect(validateSettingsInput({ trustedSites: ['Shop.Example.com', 'localhost', '127.0.0.1'] })).toMatchObject({ ok: true, settings: { trustedSites: ['shop.example.com', 'localhost', '127.0.0.1'] } });
  const bad = validateSettingsInput({ trustedSites: ['https://shop.example.com/'] });
  expect(bad.ok).toBe(false);
  if (!bad.ok) expect(inEnglish(bad.errors.trustedSites!)).toMatch(/^Act without asking on must list sites/);
});

it('checks actions against the task by default, with the Haiku tier, and keeps the switch when turned off', () => {
  expect(defaultSettings()).toMatchObject({ alignmentCheck: true, alignmentModel: 'claude-haiku-5-5', routineConcurrency: 2, approvalWaitMinutes: 60 });
  expect(parseStoredSettings({ alignmentCheck: false }).settings.alignmentCheck).toBe(false);
  const bad = validateSettingsInput({ alignmentModel: 'no spaces allowed' });
  expect(bad.ok).toBe(false);
  if (!bad.ok) expect(inEnglish(bad.errors.alignmentModel!)).toBe('Alignment check model must be a model id such as claude-haiku-5-5');
});

describe('the stored record\'s version', () => {
  it('reads the version it writes', async () => {
    const area = memoryArea();
    await saveSettings(area, { ...parseStoredSettings(undefined).settings, routineConcurrency: 3 });
    expect(area.data.get(SETTINGS_KEY)).toMatchObject({ version: SETTINGS_VERSION });
    expect(await loadSettings(area)).toMatchObject({ settings: { routineConcurrency: 3 }, problems: [] });
  });

  it('reads a record from before the version wrapper as version 1', () => {
    expect(readStoredSettings({ model: 'claude-opus-5-5' })).toMatchObject({ settings: { model: 'claude-opus-5-5' }, problems: [] });
  });

  it('reads what it can of a record from a newer Steward, and says so', () => {
    const { settings, problems } = readStoredSettings({ version: SETTINGS_VERSION + 1, value: { model: 'claude-opus-5-5', renamed: true } });
    expect(settings.model).toBe('claude-opus-5-5');
    expect(problems.map(inEnglish)).toEqual([`The stored settings were written by a newer Steward (version ${SETTINGS_VERSION + 1}); this one reads up to version ${SETTINGS_VERSION}, so some may be left out.`]);
  });

  it('falls back to the defaults when the version is unreadable, and says so', () => {
    const { settings, problems } = readStoredSettings({ version: 'two', value: { model: 'claude-opus-5-5' } });
    expect(settings).toEqual(parseStoredSettings(undefined).settings);
    expect(inEnglish(problems[0]!)).toMatch(/^The stored settings were unreadable \(A stored settings has no readable version\.\)/);
  });

  it('replaces one out-of-range new setting by its default, keeping the rest', () => {
    const { settings, problems } = readStoredSettings({ version: 1, value: { routineConcurrency: 9, approvalWaitMinutes: 30 } });
    expect(settings).toMatchObject({ routineConcurrency: 2, approvalWaitMinutes: 30 });
    expect(problems.map(inEnglish)).toEqual(['A stored setting was not valid (Routines running at once must be at most 4), so its default is in use.']);
  });
});
