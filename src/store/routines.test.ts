import { describe, expect, it } from 'vitest';
import { inEnglish } from '../i18n/english';
import { EXPORT_FORMAT, exportRoutines, parseRoutineImport, readRun, type Routine, ROUTINE_RUN_VERSION, ROUTINE_VERSION, validateRoutineDefinition } from './routines';

const valid = {
  name: 'Morning prices',
  prompt: 'Read the price of the blue kettle and report it.',
  startUrl: 'https://shop.example.com/kettles',
  schedule: { kind: 'daily', time: '08:30' },
  timeZone: 'Europe/Berlin',
  sites: ['example.com'],
  notify: 'changed',
};
const file = (routines: unknown[]) => JSON.stringify({ format: EXPORT_FORMAT, version: ROUTINE_VERSION, routines });

describe('routine definition', () => {
  it('fills in the budget and notify defaults', () => {
    const result = validateRoutineDefinition({ ...valid, notify: undefined });
    expect(result.ok && result.definition).toMatchObject({ notify: 'failure', budget: { maxSteps: 30, maxMinutes: 10, maxCostUsd: 1 } });
  });

  it('replays when possible unless the routine says to always ask Claude; routines saved before the setting replay', () => {
    const before = validateRoutineDefinition(valid);
    expect(before.ok && before.definition.replay).toBe('when-possible');
    const never = validateRoutineDefinition({ ...valid, replay: 'never' });
    expect(never.ok && never.definition.replay).toBe('never');
    expect(validateRoutineDefinition({ ...valid, replay: 'sometimes' }).ok).toBe(false);
  });

  it('reads runs stored before traces as they were, and keeps the trace of a run and how it was done', () => {
    const old = { version: ROUTINE_RUN_VERSION, id: 'r', routineId: 'x', trigger: 'manual', status: 'done', queuedAt: 1, costUsd: 0, result: '10 EUR' };
    expect(readRun(old)).toMatchObject({ id: 'r', result: '10 EUR' });
    expect(readRun(old)?.trace).toBeUndefined();
    const trace = { version: 1, steps: [{ member: 'navigate', input: { url: 'https://shop.example.com/' }, urlPattern: 'about:blank' }], verdicts: {}, recordedAt: 2 };
    const run = readRun({ ...old, trace, replay: { kind: 'replayed', modelCalls: 0, unchanged: true } });
    expect(run?.trace?.steps[0]?.member).toBe('navigate');
    expect(run?.replay).toEqual({ kind: 'replayed', modelCalls: 0, tokens: 0, unchanged: true });
  });

  it('names each bad field as the form labels it', () => {
    const result = validateRoutineDefinition({ ...valid, name: ' ', startUrl: 'javascript:alert(1)', timeZone: 'Mars/Base', schedule: { kind: 'daily', time: '25:00' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(inEnglish(result.errors.name!)).toBe('Name is empty');
    expect(inEnglish(result.errors.startUrl!)).toMatch(/^Start URL must be an http\(s\) address/);
    expect(inEnglish(result.errors.timeZone!)).toBe('Time zone must be a time zone such as Europe/Berlin');
    expect(inEnglish(result.errors.schedule!)).toBe('Time must be a time such as 08:30 (24-hour clock)');
  });

  it('the start page must be on one of the routine sites', () => {
    const result = validateRoutineDefinition({ ...valid, sites: ['other.example.org'] });
    expect(!result.ok && inEnglish(result.errors.sites!)).toBe("Sites it may act on must include the start URL's site (shop.example.com)");
  });
});

describe('import', () => {
  it('reads what export wrote', () => {
    const definition = validateRoutineDefinition(valid);
    if (!definition.ok) throw new Error('fixture invalid');
    const routine: Routine = {
      version: ROUTINE_VERSION,
      id: 'r1',
      definition: definition.definition,
      paused: true,
      createdAt: 1,
      updatedAt: 1,
      scheduledSince: 1,
    };
    const result = parseRoutineImport(exportRoutines([routine]));
    expect(result).toEqual({ ok: true, routines: [{ definition: definition.definition, paused: true }] });
  });

  it('says what is wrong with a file that is not an export', () => {
    const errorsOf = (text: string) => {
      const result = parseRoutineImport(text);
      return result.ok ? [] : result.errors.map((error) => inEnglish(error));
    };
    expect(errorsOf('{ nope')).toEqual([expect.stringMatching(/^The file is not valid JSON/)]);
    expect(errorsOf('[]')).toEqual([`This is not a Steward routines export: it needs "format": "${EXPORT_FORMAT}".`]);
    expect(errorsOf(JSON.stringify({ format: EXPORT_FORMAT, version: 9, routines: [] }))).toEqual(['This export is version 9; this Steward reads version 1.']);
    expect(errorsOf(file([]))).toEqual(['The export lists no routines.']);
  });

  it('names the routine and the field for every error, and imports nothing when one is bad', () => {
    const result = parseRoutineImport(
      file([
        valid,
        { ...valid, name: 'Weekly report', schedule: { kind: 'weekly', days: [], time: '9:00' } },
        { ...valid, name: 'Cron check', schedule: { kind: 'cron', expression: '0 9 * *' }, sites: ['not a domain'] },
        { ...valid, name: 'Odd', schedule: { kind: 'fortnightly' }, notify: 'sometimes' },
        'a string',
        { ...valid, name: undefined, prompt: undefined },
      ]),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => inEnglish(error))).toEqual([
      'Routine 2 ("Weekly report"): Days must name at least one day.',
      'Routine 3 ("Cron check"): Cron expression must have five fields (minute hour day-of-month month day-of-week), such as "0 9 * * 1-5"; this one has 4.',
      'Routine 3 ("Cron check"): Sites it may act on (item 1) must list sites such as shop.example.com, one per line.',
      'Routine 4 ("Odd"): Schedule must be one of once, interval, hourly, daily, weekdays, weekly, cron.',
      'Routine 4 ("Odd"): Notify me must be "always", "failure" or "changed".',
      'Routine 5: is not an object.',
      'Routine 6: Name is missing.',
      'Routine 6: Prompt is missing.',
    ]);
  });
});
