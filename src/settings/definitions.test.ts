import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import english from '../../public/_locales/en/messages.json';
import german from '../../public/_locales/de/messages.json';
import managedSchema from '../../public/managed_schema.json';
import { inEnglish, inEnglishEach } from '../i18n/english';
import { applyAdminPolicy, ceilingErrors, emptyAdminPolicy, modeRefusal, parseAdminPolicy } from '../policy/admin';
import { settingsDraftSchema, settingsViewSchema } from '../protocol/settings';
import { defaultSettings, settingsFields, validateSettingsInput } from '../store/settings';
import { CEILING_KEYS, FORM_KEYS, keysOfKind, LOCKED_KEYS, SETTING_KEYS, SETTINGS, type SettingDefinition } from './definitions';
import { MODE_TABLE, MODES } from './modes';

const definition = (key: (typeof SETTING_KEYS)[number]): SettingDefinition => SETTINGS[key];

describe('the store agrees with the definitions', () => {
  it('has a schema for every setting and no other', () => {
    expect(Object.keys(settingsFields).sort()).toEqual([...SETTING_KEYS].sort());
  });

  it('gives each setting the default its definition names', () => {
    expect(defaultSettings()).toEqual(Object.fromEntries(SETTING_KEYS.map((key) => [key, definition(key).default])));
  });

  it('keeps every number within its definition\'s limits, and whole where it must be', () => {
    for (const key of keysOfKind('number')) {
      const { min, max, integer } = SETTINGS[key];
      const schema = settingsFields[key];
      expect(schema.safeParse(min).success, `${key} at ${min}`).toBe(true);
      expect(schema.safeParse(max).success, `${key} at ${max}`).toBe(true);
      expect(schema.safeParse(min - 0.001).success, `${key} below ${min}`).toBe(false);
      expect(schema.safeParse(max + 1).success, `${key} above ${max}`).toBe(false);
      expect(schema.safeParse(min + 0.5).success, `${key} at ${min + 0.5}`).toBe(!integer);
    }
  });

  it('caps text at its definition\'s length', () => {
    for (const key of ['apiKey', 'apiBaseUrl'] as const) {
      const { maxLength } = SETTINGS[key];
      expect(settingsFields[key].safeParse(`https://a.example/${'x'.repeat(maxLength)}`).success, key).toBe(false);
    }
  });

  it('takes the mode from the one table of modes', () => {
    expect(SETTINGS.defaultMode.options).toBe(MODES);
    for (const mode of MODES) expect(settingsFields.defaultMode.safeParse(mode).success).toBe(true);
    expect(settingsFields.defaultMode.safeParse('ask-risky').success).toBe(false);
  });
});

describe('the new settings: routine concurrency and the approval wait', () => {
  it('default to what was a constant: 2 runs at once, 60 minutes', () => {
    expect(defaultSettings()).toMatchObject({ routineConcurrency: 2, approvalWaitMinutes: 60 });
  });

  it('take values within 1 to 4 runs and 1 to 1,440 minutes', () => {
    expect(validateSettingsInput({ routineConcurrency: 4, approvalWaitMinutes: 1440 })).toMatchObject({ ok: true, settings: { routineConcurrency: 4, approvalWaitMinutes: 1440 } });
    expect(validateSettingsInput({ routineConcurrency: 1, approvalWaitMinutes: 1 })).toMatchObject({ ok: true });
  });

  it('refuse what is out of range, not whole, or not a number, naming the field as the form labels it', () => {
    const errors = (input: unknown) => {
      const result = validateSettingsInput(input);
      return result.ok ? {} : inEnglishEach(result.errors);
    };
    expect(errors({ routineConcurrency: 5 })).toEqual({ routineConcurrency: 'Routines running at once must be at most 4' });
    expect(errors({ routineConcurrency: 0 })).toEqual({ routineConcurrency: 'Routines running at once must be at least 1' });
    expect(errors({ routineConcurrency: 1.5 })).toEqual({ routineConcurrency: 'Routines running at once must be a whole number' });
    expect(errors({ approvalWaitMinutes: 1441 })).toEqual({ approvalWaitMinutes: 'Approval wait (minutes) must be at most 1,440' });
    expect(errors({ approvalWaitMinutes: 'soon' })).toEqual({ approvalWaitMinutes: 'Approval wait (minutes) must be a number' });
  });

  it('can be capped by the administrator, like the budgets', () => {
    const { policy, problems } = parseAdminPolicy({ routineConcurrency: 1, approvalWaitMinutes: 15 });
    expect(problems).toEqual([]);
    const { settings, locked } = applyAdminPolicy({ ...defaultSettings(), routineConcurrency: 3, approvalWaitMinutes: 90 }, policy);
    expect(settings).toMatchObject({ routineConcurrency: 1, approvalWaitMinutes: 15 });
    expect(inEnglishEach(locked)).toEqual({ routineConcurrency: 'Set by your administrator: at most 1 run at once.', approvalWaitMinutes: 'Set by your administrator: at most 15 minutes.' });
    expect(inEnglishEach(ceilingErrors({ routineConcurrency: 2 }, policy))).toEqual({ routineConcurrency: 'Routines running at once can be at most 1 run at once: your administrator set that ceiling.' });
    expect(parseAdminPolicy({ routineConcurrency: 9 }).problems.map(inEnglish)).toEqual(['The administrator\'s routineConcurrency (9) is out of range, so it was ignored.']);
  });
});

describe('the panel protocol is derived from the definitions', () => {
  it('shows every setting but the key and the prices as it is, and the key only as a hint', () => {
    const shown = SETTING_KEYS.filter((key) => key !== 'apiKey' && key !== 'prices');
    expect(Object.keys(settingsViewSchema.shape).sort()).toEqual([...shown, 'apiKeyHint', 'hasApiKey', 'price', 'priceIsCustom', 'problems', 'admin'].sort());
  });

  it('takes from the form exactly the settings the form shows, each optional', () => {
    expect(Object.keys(settingsDraftSchema.shape).sort()).toEqual([...FORM_KEYS, 'clearApiKey', 'price'].sort());
    expect(settingsDraftSchema.parse({})).toEqual({ clearApiKey: false });
    expect(FORM_KEYS).not.toContain('defaultMode');
  });

  it('locks exactly the settings with an administrator lock', () => {
    expect(Object.keys(settingsViewSchema.shape.admin.shape.locked.def.keyType.enum).sort()).toEqual([...LOCKED_KEYS].sort());
  });
});

describe('the administrator locks are derived from the definitions', () => {
  const properties = managedSchema.properties as Record<string, { type: string; description: string }>;

  it('each policy key a setting names is in managed_schema.json, and the parser knows it', () => {
    for (const key of LOCKED_KEYS) {
      const policyKey = SETTINGS[key].admin.key;
      expect(properties[policyKey], policyKey).toBeDefined();
      expect(parseAdminPolicy({ [policyKey]: undefined }).problems).toEqual([]);
    }
    expect(parseAdminPolicy({ routineConcurency: 1 }).problems.map(inEnglish)).toEqual(['The administrator policy has an unknown setting "routineConcurency", which was ignored.']);
  });

  it('describes each ceiling with its setting\'s type and range', () => {
    for (const key of CEILING_KEYS) {
      const { integer, min, max } = SETTINGS[key];
      expect(properties[key]!.type, key).toBe(integer ? 'integer' : 'number');
      expect(properties[key]!.description, key).toContain(`${min} to ${max}`);
      expect(parseAdminPolicy({ [key]: max }).policy[key]).toBe(max);
      expect(parseAdminPolicy({ [key]: max + 1 }).policy[key]).toBeUndefined();
    }
  });

  it('with no policy, locks nothing', () => {
    expect(applyAdminPolicy(defaultSettings(), emptyAdminPolicy()).locked).toEqual({});
  });
});

describe('labels and mode names', () => {
  it('every label and help text of a setting is in both languages', () => {
    for (const key of SETTING_KEYS) {
      const { label, help } = definition(key);
      for (const messageKey of [label, ...(help ? [help] : [])]) {
        expect(english[messageKey]?.message, `${key}: ${messageKey}`).toBeTruthy();
        expect((german as Record<string, { message: string }>)[messageKey]?.message, `${key}: ${messageKey} in German`).toBeTruthy();
      }
    }
  });

  it('the worker names each mode as the panel does', () => {
    expect(Object.keys(MODE_TABLE).sort()).toEqual([...MODES].sort());
    expect(Object.fromEntries(MODES.map((mode) => [mode, english[MODE_TABLE[mode].name].message]))).toEqual({ 'ask-every': 'Ask before every action', plan: 'Ask before acting', act: 'Act without asking' });
    const refusal = modeRefusal('act', { ...emptyAdminPolicy(), disabledModes: ['act'] });
    expect(refusal && inEnglish(refusal)).toBe('Your administrator turned off the "Act without asking" mode. Choose another mode: "Ask before every action" or "Ask before acting".');
  });

  it('the tables the panel imports hold no zod', () => {
    const folder = new URL('.', import.meta.url);
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.ts') && !name.includes('.test.'))) {
      const imports = [...readFileSync(new URL(file, folder), 'utf8').matchAll(/from '([^']+)'/g)].map((match) => match[1]);
      // Their own folder, and the message keys (src/i18n/words.ts, types and a marker only).
      expect(imports.filter((specifier) => !specifier!.startsWith('./') && specifier !== '../i18n/words' && !specifier!.endsWith('.json')), file).toEqual([]);
    }
  });
});
