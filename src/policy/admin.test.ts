import { describe, expect, it } from 'vitest';
import { inEnglish, inEnglishEach } from '../i18n/english';
import { defaultSettings } from '../store/settings';
import { ADMIN_SENSITIVE_LABEL, applyAdminPolicy, ceilingErrors, emptyAdminPolicy, modeRefusal, parseAdminPolicy } from './admin';
import { decide } from './decide';
import { readFileSync } from 'node:fs';

/** A question as the tests compare it: its English reason; the words the card shows are built from the same message. */
const withoutWords = (decision: object) => Object.fromEntries(Object.entries(decision).filter(([key]) => key !== 'words'));

describe('parseAdminPolicy', () => {
  it('reads no policy as an empty one, without problems', () => {
    expect(parseAdminPolicy(undefined)).toEqual({ policy: emptyAdminPolicy(), problems: [] });
    expect(parseAdminPolicy({})).toEqual({ policy: emptyAdminPolicy(), problems: [] });
  });

  it('reads every field of a valid policy', () => {
    const { policy, problems } = parseAdminPolicy({
      sensitiveDomains: ['Intranet.Example.com'],
      blockedDomains: ['evil.example', 'localhost'],
      allowedDomains: ['127.0.0.1', 'corp.example.com'],
      disabledModes: ['act'],
      disabledMembers: ['javascript_exec', 'file_upload'],
      maxSteps: 5,
      maxMinutes: 10,
      maxCostUsd: 0.5,
      allowDevtools: false,
    });
    expect(problems).toEqual([]);
    expect(policy).toEqual({
      sensitiveDomains: ['intranet.example.com'],
      blockedDomains: ['evil.example', 'localhost'],
      allowedDomains: ['127.0.0.1', 'corp.example.com'],
      disabledModes: ['act'],
      disabledMembers: ['javascript_exec', 'file_upload'],
      maxSteps: 5,
      maxMinutes: 10,
      maxCostUsd: 0.5,
      allowDevtools: false,
    });
  });

  it('drops only the bad entries of a list, and says which', () => {
    const { policy, problems } = parseAdminPolicy({ blockedDomains: ['evil.example', 'not a domain', 42], disabledMembers: ['javascript_exec', 'left_click'] });
    expect(policy.blockedDomains).toEqual(['evil.example']);
    expect(policy.disabledMembers).toEqual(['javascript_exec']);
    expect(problems.map(inEnglish)).toEqual([
      expect.stringContaining('"not a domain"'),
      expect.stringContaining('42'),
      expect.stringContaining('"left_click"'),
    ]);
  });

  it('drops bad fields and keeps the rest; nothing is fatal', () => {
    const { policy, problems } = parseAdminPolicy({ blockedDomains: 'evil.example', maxSteps: -3, maxCostUsd: 'lots', allowDevtools: 'no', surprise: 1, maxMinutes: 15 });
    expect(policy).toEqual({ ...emptyAdminPolicy(), maxMinutes: 15 });
    expect(problems).toHaveLength(5);
    expect(problems.map(inEnglish).join('\n')).toMatch(/blockedDomains is not a list[\s\S]*maxSteps[\s\S]*maxCostUsd[\s\S]*allowDevtools[\s\S]*"surprise"/);
  });

  it('reads sites written as URLs, wildcards or with a port as their domain', () => {
    const { policy, problems } = parseAdminPolicy({ blockedDomains: ['https://Evil.example/login?x=1', '*.ads.example', 'corp.example.com:8443', '.tracker.example.'] });
    expect(problems).toEqual([]);
    expect(policy.blockedDomains).toEqual(['evil.example', 'ads.example', 'corp.example.com', 'tracker.example']);
  });

  it('allows no site at all when an allow list was given and none of it was readable', () => {
    const { policy, problems } = parseAdminPolicy({ allowedDomains: ['not a domain'] });
    expect(problems.map(inEnglish)).toEqual([expect.stringContaining('"not a domain"'), expect.stringContaining('may open no site at all')]);
    expect(decide({ member: 'navigate', input: { url: 'https://anything.example.com/' } }, { mode: 'act', onlyDomains: policy.allowedDomains }).verdict).toBe('block');
  });

  it('refuses to turn off every mode', () => {
    const { policy, problems } = parseAdminPolicy({ disabledModes: ['act', 'plan', 'ask-every'] });
    expect(policy.disabledModes).toEqual([]);
    expect(problems.map(inEnglish)).toEqual([expect.stringContaining('every mode')]);
  });

  it('reports a policy that is not an object', () => {
    expect(parseAdminPolicy('block everything').problems.map(inEnglish)).toEqual([expect.stringContaining('not an object')]);
    expect(parseAdminPolicy([1]).policy).toEqual(emptyAdminPolicy());
  });
});

describe('applyAdminPolicy', () => {
  it('changes nothing and locks nothing without a policy', () => {
    const settings = defaultSettings();
    expect(applyAdminPolicy(settings, emptyAdminPolicy())).toEqual({ settings, locked: {} });
  });

  it('clamps budgets to their ceilings and keeps lower ones', () => {
    const settings = { ...defaultSettings(), maxSteps: 100, maxMinutes: 3, maxCostUsd: 5 };
    const applied = applyAdminPolicy(settings, { ...emptyAdminPolicy(), maxSteps: 5, maxMinutes: 10, maxCostUsd: 0.5 });
    expect(applied.settings).toMatchObject({ maxSteps: 5, maxMinutes: 3, maxCostUsd: 0.5 });
    expect(inEnglishEach(applied.locked)).toEqual({
      maxSteps: 'Set by your administrator: at most 5 steps.',
      maxMinutes: 'Set by your administrator: at most 10 minutes.',
      maxCostUsd: 'Set by your administrator: at most $0.50.',
    });
  });

  it('forces the devtools switch when the administrator sets it or turns both log members off', () => {
    const on = { ...defaultSettings(), allowDevtools: true };
    expect(applyAdminPolicy(on, { ...emptyAdminPolicy(), allowDevtools: false }).settings.allowDevtools).toBe(false);
    const forced = applyAdminPolicy(on, { ...emptyAdminPolicy(), disabledMembers: ['read_console', 'read_network'] });
    expect(forced.settings.allowDevtools).toBe(false);
    expect(inEnglishEach(forced.locked)).toEqual({ allowDevtools: 'Set by your administrator.' });
    // One log member off leaves the switch to the user; the toolset drops that member alone.
    expect(applyAdminPolicy(on, { ...emptyAdminPolicy(), disabledMembers: ['read_console'] }).locked).toEqual({});
  });

  it('replaces a default mode the administrator turned off with the most cautious one left', () => {
    const settings = { ...defaultSettings(), defaultMode: 'act' as const };
    const applied = applyAdminPolicy(settings, { ...emptyAdminPolicy(), disabledModes: ['act', 'ask-every'] });
    expect(applied.settings.defaultMode).toBe('plan');
    expect(inEnglish(applied.locked.defaultMode!)).toBe('Set by your administrator: "Act without asking" and "Ask before every action" are off.');
  });
});

describe('the administrator in the policy', () => {
  const admin = { ...emptyAdminPolicy(), disabledModes: ['act' as const] };

  it('refuses a task in a mode that is off, naming the ones left', () => {
    expect(inEnglish(modeRefusal('act', admin)!)).toBe('Your administrator turned off the "Act without asking" mode. Choose another mode: "Ask before every action" or "Ask before acting".');
    expect(modeRefusal('plan', admin)).toBeUndefined();
  });

  it('names the ceiling a budget goes over', () => {
    expect(inEnglishEach(ceilingErrors({ maxSteps: 50, maxMinutes: 10, maxCostUsd: 1 }, { ...emptyAdminPolicy(), maxSteps: 5, maxCostUsd: 1 }))).toEqual({
      maxSteps: 'Max steps can be at most 5 steps: your administrator set that ceiling.',
    });
  });

  it('blocks a member the administrator turned off, whatever the mode', () => {
    const decision = decide({ member: 'javascript_exec', input: {}, tabUrl: 'https://shop.example.com/' }, { mode: 'ask-every', disabledMembers: ['javascript_exec'] });
    expect(decision).toEqual({ verdict: 'block', reason: 'Your administrator turned off javascript_exec.' });
  });

  it('stops a task whose mode the administrator turned off while it ran', () => {
    const decision = decide({ member: 'read_page', input: {}, tabUrl: 'https://shop.example.com/' }, { mode: 'act', disabledModes: ['act'] });
    expect(decision).toMatchObject({ verdict: 'block', reason: expect.stringContaining('turned off the mode this task runs in') });
    expect(decide({ member: 'read_page', input: {}, tabUrl: 'https://shop.example.com/' }, { mode: 'plan', disabledModes: ['act'] }).verdict).toBe('allow');
  });

  it('asks on a forced sensitive site under the administrator\'s label', () => {
    const decision = decide(
      { member: 'left_click', input: {}, tabUrl: 'https://intranet.example.com/', target: { role: 'link', name: 'Next' } },
      { mode: 'act', allowedSites: ['intranet.example.com'], extraSensitive: { [ADMIN_SENSITIVE_LABEL]: ['intranet.example.com'] } },
    );
    expect(withoutWords(decision)).toEqual({ verdict: 'ask', reason: 'intranet.example.com is a sensitive site (required by your administrator): every change there needs your yes.' });
  });
});

describe('managed_schema.json', () => {
  const schema = JSON.parse(readFileSync(new URL('../../public/managed_schema.json', import.meta.url), 'utf8')) as {
    type: string;
    properties: Record<string, { type: string; description?: string; items?: { type: string; enum?: string[] } }>;
  };

  it('is an object schema that describes every field the parser reads, and no other', () => {
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties).sort()).toEqual(
      ['allowDevtools', 'allowedDomains', 'approvalWaitMinutes', 'blockedDomains', 'disabledMembers', 'disabledModes', 'maxCostUsd', 'maxMinutes', 'maxSteps', 'routineConcurrency', 'sensitiveDomains'].sort(),
    );
    for (const [name, property] of Object.entries(schema.properties)) expect(property.description, name).toBeTruthy();
  });

  it('lists the modes and members the parser accepts', () => {
    expect(schema.properties.disabledModes!.items!.enum).toEqual(['ask-every', 'plan', 'act']);
    expect(schema.properties.disabledMembers!.items!.enum).toEqual(['javascript_exec', 'file_upload', 'read_console', 'read_network']);
  });
});
