import { inEnglish } from '../i18n/english';
import { words } from '../i18n/words';
import { describe, expect, it } from 'vitest';
import { cronProblem, describeSchedule, lastRunAtOrBefore, nextRunAfter, nextRuns, type Schedule, scheduleSchema } from './schedule';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const iso = (dates: Array<Date | null>) => dates.map((date) => date?.toISOString() ?? null);
const parse = (input: unknown): Schedule => scheduleSchema.parse(input);

describe('daily', () => {
  const daily = parse({ kind: 'daily', time: '09:00' });

  it('runs at the local time in the routine time zone', () => {
    expect(iso(nextRuns(daily, 2, new Date('2026-11-28T12:00:00Z'), BERLIN))).toEqual(['2026-11-29T08:00:00.000Z', '2026-11-30T08:00:00.000Z']);
    expect(iso(nextRuns(daily, 1, new Date('2026-11-28T12:00:00Z'), NEW_YORK))).toEqual(['2026-11-28T14:00:00.000Z']);
  });

  it('keeps 09:00 local across the spring and autumn DST changes in Berlin', () => {
    expect(iso(nextRuns(daily, 3, new Date('2026-03-28T00:00:00Z'), BERLIN))).toEqual([
      '2026-03-28T08:00:00.000Z', // CET, UTC+1
      '2026-03-29T07:00:00.000Z', // CEST from 29 March, UTC+2
      '2026-03-30T07:00:00.000Z',
    ]);
    expect(iso(nextRuns(daily, 2, new Date('2026-10-24T12:00:00Z'), BERLIN))).toEqual(['2026-10-25T08:00:00.000Z', '2026-10-26T08:00:00.000Z']);
  });

  it('keeps 09:00 local across the New York changes, which fall on other dates than Berlin\'s', () => {
    // 8 March 2026: EST (UTC-5) to EDT (UTC-4); 1 November 2026: back.
    expect(iso(nextRuns(daily, 2, new Date('2026-03-07T15:00:00Z'), NEW_YORK))).toEqual(['2026-03-08T13:00:00.000Z', '2026-03-09T13:00:00.000Z']);
    expect(iso(nextRuns(daily, 2, new Date('2026-10-31T15:00:00Z'), NEW_YORK))).toEqual(['2026-11-01T14:00:00.000Z', '2026-11-02T14:00:00.000Z']);
  });

  it('a time inside the spring-forward gap runs once, right after the gap; a repeated time runs once', () => {
    const night = parse({ kind: 'daily', time: '02:30' });
    // 29 March 2026: 02:00 CET jumps to 03:00 CEST in Berlin.
    expect(iso(nextRuns(night, 3, new Date('2026-03-28T00:00:00Z'), BERLIN))).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z']);
    // 1 November 2026: 01:30 happens twice in New York; the routine runs on the first only.
    const early = parse({ kind: 'daily', time: '01:30' });
    expect(iso(nextRuns(early, 2, new Date('2026-10-31T12:00:00Z'), NEW_YORK))).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
  });
});

describe('weekdays and weekly', () => {
  it('weekdays skip Saturday and Sunday', () => {
    // Friday 27 November 2026, after 08:30 in New York.
    const runs = nextRuns(parse({ kind: 'weekdays', time: '08:30' }), 3, new Date('2026-11-27T15:00:00Z'), NEW_YORK);
    expect(iso(runs)).toEqual(['2026-11-30T13:30:00.000Z', '2026-12-01T13:30:00.000Z', '2026-12-02T13:30:00.000Z']);
  });

  it('weekly runs on the chosen days only', () => {
    const runs = nextRuns(parse({ kind: 'weekly', days: [4, 1], time: '18:00' }), 4, new Date('2026-11-28T00:00:00Z'), BERLIN);
    expect(runs.map((date) => new Intl.DateTimeFormat('en-GB', { timeZone: BERLIN, weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(date))).toEqual([
      'Mon 18:00',
      'Thu 18:00',
      'Mon 18:00',
      'Thu 18:00',
    ]);
  });

  it('weekly refuses an empty or repeated list of days', () => {
    expect(scheduleSchema.safeParse({ kind: 'weekly', days: [], time: '18:00' }).success).toBe(false);
    expect(scheduleSchema.safeParse({ kind: 'weekly', days: [1, 1], time: '18:00' }).success).toBe(false);
    expect(scheduleSchema.safeParse({ kind: 'weekly', days: [7], time: '18:00' }).success).toBe(false);
  });
});

describe('hourly, interval, once', () => {
  it('hourly runs at the minute past every hour, through the repeated hour too', () => {
    const runs = nextRuns(parse({ kind: 'hourly', minute: 5 }), 3, new Date('2026-11-28T10:07:00Z'), BERLIN);
    expect(iso(runs)).toEqual(['2026-11-28T11:05:00.000Z', '2026-11-28T12:05:00.000Z', '2026-11-28T13:05:00.000Z']);
  });

  it('every N minutes is elapsed time, unaffected by DST', () => {
    const every = parse({ kind: 'interval', everyMinutes: 45 });
    const runs = nextRuns(every, 3, new Date('2026-03-29T00:50:00Z'), BERLIN);
    expect(runs.map((date, i) => (i === 0 ? 0 : date.getTime() - runs[i - 1]!.getTime()))).toEqual([0, 45 * 60_000, 45 * 60_000]);
    expect(nextRunAfter(every, new Date(0), BERLIN)!.getTime()).toBe(45 * 60_000);
  });

  it('every N minutes counts from its anchor, and the anchor itself is not "after" it', () => {
    const anchor = Date.parse('2026-11-28T10:03:00Z');
    const every = parse({ kind: 'interval', everyMinutes: 10, anchor });
    expect(nextRunAfter(every, new Date(anchor), 'UTC')!.toISOString()).toBe('2026-11-28T10:13:00.000Z');
    expect(lastRunAtOrBefore(every, new Date(anchor - 1), 'UTC')).toBeNull();
    expect(lastRunAtOrBefore(every, new Date('2026-11-28T10:25:00Z'), 'UTC')!.toISOString()).toBe('2026-11-28T10:23:00.000Z');
  });

  it('once runs at its local time, and never again after it', () => {
    const once = parse({ kind: 'once', at: '2026-12-01T09:00' });
    expect(nextRunAfter(once, new Date('2026-11-28T00:00:00Z'), NEW_YORK)!.toISOString()).toBe('2026-12-01T14:00:00.000Z');
    expect(nextRunAfter(once, new Date('2026-12-01T14:00:00Z'), NEW_YORK)).toBeNull();
    expect(lastRunAtOrBefore(once, new Date('2026-12-05T00:00:00Z'), NEW_YORK)!.toISOString()).toBe('2026-12-01T14:00:00.000Z');
    expect(lastRunAtOrBefore(once, new Date('2026-11-30T00:00:00Z'), NEW_YORK)).toBeNull();
  });
});

describe('cron', () => {
  it('follows the expression in the routine time zone', () => {
    const cron = parse({ kind: 'cron', expression: '15 7 * * 1-5' });
    expect(iso(nextRuns(cron, 2, new Date('2026-11-28T00:00:00Z'), BERLIN))).toEqual(['2026-11-30T06:15:00.000Z', '2026-12-01T06:15:00.000Z']);
  });

  it('a step expression skips the hour that does not exist and is not bunched after it', () => {
    const cron = parse({ kind: 'cron', expression: '*/30 * * * *' });
    const runs = nextRuns(cron, 4, new Date('2026-03-29T00:15:00Z'), BERLIN);
    // 01:30 CET, then 03:00 CEST (02:00 to 03:00 does not exist), 03:30, 04:00.
    expect(iso(runs)).toEqual(['2026-03-29T00:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-29T02:00:00.000Z']);
  });

  it('explains what is wrong with a bad expression', () => {
    const said = (expression: string) => {
      const problem = cronProblem(expression);
      return problem && inEnglish(words(problem.key, 'Cron', ...problem.args));
    };
    expect(said('0 9 * *')).toMatch(/^Cron must have five fields.*has 4$/);
    expect(said('0 0 9 * * *')).toMatch(/five fields/);
    expect(said('61 * * * *')).toMatch(/not a valid cron expression.*minute/i);
    expect(said('0 0 31 2 *')).toMatch(/never matches/);
    expect(cronProblem('0 9 * * MON-FRI')).toBeUndefined();
    const result = scheduleSchema.safeParse({ kind: 'cron', expression: 'every day' });
    expect(result.success).toBe(false);
  });

  it('lastRunAtOrBefore includes the exact scheduled instant', () => {
    const daily = parse({ kind: 'daily', time: '09:00' });
    expect(lastRunAtOrBefore(daily, new Date('2026-11-28T08:00:00Z'), BERLIN)!.toISOString()).toBe('2026-11-28T08:00:00.000Z');
    expect(lastRunAtOrBefore(daily, new Date('2026-11-28T07:59:59Z'), BERLIN)!.toISOString()).toBe('2026-11-27T08:00:00.000Z');
  });
});

it('describes every kind in a sentence', () => {
  expect(inEnglish(describeSchedule(parse({ kind: 'weekly', days: [4, 1], time: '18:00' })))).toBe('Mondays and Thursdays at 18:00');
  expect(inEnglish(describeSchedule(parse({ kind: 'hourly', minute: 5 })))).toBe('Every hour at :05');
  expect(inEnglish(describeSchedule(parse({ kind: 'interval', everyMinutes: 15 })))).toBe('Every 15 minutes');
  expect(inEnglish(describeSchedule(parse({ kind: 'once', at: '2026-12-01T09:00' })))).toBe('Once, on 2026-12-01 at 09:00');
  expect(inEnglish(describeSchedule(parse({ kind: 'weekdays', time: '08:30' })))).toMatch(/^Weekdays/);
  expect(inEnglish(describeSchedule(parse({ kind: 'cron', expression: '0 9 * * *' })))).toBe('Cron: 0 9 * * *');
});
