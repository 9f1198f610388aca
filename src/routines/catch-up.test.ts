import { describe, expect, it } from 'vitest';
import { decideDue, type DueCheck } from './catch-up';
import { scheduleSchema } from './schedule';

const at = (iso: string) => Date.parse(iso);
const daily9: DueCheck = {
  schedule: scheduleSchema.parse({ kind: 'daily', time: '09:00' }),
  timeZone: 'UTC',
  paused: false,
  scheduledSince: at('2026-11-01T00:00:00Z'),
};

describe('decideDue', () => {
  it('a scheduled time missed while the browser was closed runs once at start-up, as a late run', () => {
    const decision = decideDue({ ...daily9, lastScheduledFor: at('2026-11-27T09:00:00Z') }, at('2026-11-28T11:00:00Z'));
    expect(decision).toEqual({ run: true, scheduledFor: at('2026-11-28T09:00:00Z'), late: true });
  });

  it('many missed times are one run, for the latest of them, never a storm', () => {
    const check = { ...daily9, lastScheduledFor: at('2026-11-10T09:00:00Z') };
    const first = decideDue(check, at('2026-11-28T11:00:00Z'));
    expect(first).toMatchObject({ run: true, scheduledFor: at('2026-11-28T09:00:00Z') });
    // Once that run is recorded, nothing else is due until tomorrow: a second start-up or a late alarm finds nothing.
    const after = { ...check, lastScheduledFor: first.run ? first.scheduledFor : undefined };
    expect(decideDue(after, at('2026-11-28T11:00:01Z'))).toEqual({ run: false, reason: 'already-ran' });
    expect(decideDue(after, at('2026-11-28T23:59:00Z'))).toEqual({ run: false, reason: 'already-ran' });
  });

  it('a time that already ran does not run again at start-up', () => {
    expect(decideDue({ ...daily9, lastScheduledFor: at('2026-11-28T09:00:00Z') }, at('2026-11-28T11:00:00Z'))).toEqual({ run: false, reason: 'already-ran' });
  });

  it('a routine saved after today\'s time does not run until tomorrow', () => {
    expect(decideDue({ ...daily9, scheduledSince: at('2026-11-28T10:00:00Z') }, at('2026-11-28T11:00:00Z'))).toEqual({ run: false, reason: 'nothing-due' });
    expect(decideDue({ ...daily9, scheduledSince: at('2026-11-28T10:00:00Z') }, at('2026-11-29T09:00:00Z'))).toEqual({
      run: true,
      scheduledFor: at('2026-11-29T09:00:00Z'),
      late: false,
    });
  });

  it('an alarm on time runs, and is not late', () => {
    expect(decideDue({ ...daily9, lastScheduledFor: at('2026-11-27T09:00:00Z') }, at('2026-11-28T09:00:00.500Z'))).toEqual({
      run: true,
      scheduledFor: at('2026-11-28T09:00:00Z'),
      late: false,
    });
  });

  it('a paused routine never runs, and resuming does not run what was missed while paused', () => {
    expect(decideDue({ ...daily9, paused: true }, at('2026-11-28T11:00:00Z'))).toEqual({ run: false, reason: 'paused' });
    // Resuming sets scheduledSince to the moment of resuming.
    expect(decideDue({ ...daily9, scheduledSince: at('2026-11-28T10:30:00Z') }, at('2026-11-28T11:00:00Z'))).toEqual({ run: false, reason: 'nothing-due' });
  });

  it('a once routine missed runs once at start-up, then never again', () => {
    const once: DueCheck = { ...daily9, schedule: scheduleSchema.parse({ kind: 'once', at: '2026-11-28T09:00' }) };
    const first = decideDue(once, at('2026-11-30T08:00:00Z'));
    expect(first).toMatchObject({ run: true, scheduledFor: at('2026-11-28T09:00:00Z'), late: true });
    expect(decideDue({ ...once, lastScheduledFor: at('2026-11-28T09:00:00Z') }, at('2026-12-30T08:00:00Z'))).toEqual({ run: false, reason: 'already-ran' });
    expect(decideDue(once, at('2026-11-27T08:00:00Z'))).toEqual({ run: false, reason: 'nothing-due' });
  });

  it('a routine that has never had a scheduled time yet does not run', () => {
    const fresh = { ...daily9, scheduledSince: at('2026-11-28T09:30:00Z') };
    expect(decideDue(fresh, at('2026-11-28T09:31:00Z'))).toEqual({ run: false, reason: 'nothing-due' });
  });
});
