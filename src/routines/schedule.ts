import { Cron } from 'croner';
import { z } from 'zod';
import { type Arg, listOf, type MessageKey, msg, type Words, words } from '../i18n/words';

// Lives apart so the panel can show run times without loading zod and croner.
export { formatRunTime } from './run-time';

/**
 * When a routine runs. Every kind but "every N minutes" is a wall-clock time in the routine's
 * time zone, so its arithmetic (DST gaps and repeats among it) is croner's, the same library that
 * parses the user's own cron expressions; "every N minutes" is elapsed time and needs no zone.
 */
const clockTime = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, msg('invalid_clock_time'));

const localDateTime = z
  .string()
  .trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d$/, msg('invalid_date_time'));

/** Each part of a schedule by the label of its input in the routine form, for the errors that name it. */
export const SCHEDULE_PART_LABELS: Readonly<Record<string, MessageKey>> = {
  at: msg('routine_at'),
  everyMinutes: msg('routine_every'),
  minute: msg('routine_minute'),
  time: msg('routine_time'),
  days: msg('routine_days'),
  expression: msg('schedule_cron'),
};

export const scheduleSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('once'),
    /** A local date and time in the routine's time zone. */
    at: localDateTime,
  }),
  z.object({
    kind: z.literal('interval'),
    everyMinutes: z.number({ error: msg('invalid_number') }).int(msg('invalid_whole_minutes')).min(1, msg('invalid_at_least_minute')).max(7 * 24 * 60, msg('invalid_at_most_week')),
    /** Runs fall on anchor + k × interval; 0 lines them up with the clock (every 15 minutes: :00, :15, ...). */
    anchor: z.number().int().nonnegative().default(0),
  }),
  z.object({
    kind: z.literal('hourly'),
    minute: z.number({ error: msg('invalid_minute_of_hour') }).int(msg('invalid_minute_of_hour')).min(0, msg('invalid_minute_of_hour')).max(59, msg('invalid_minute_of_hour')),
  }),
  z.object({ kind: z.literal('daily'), time: clockTime }),
  z.object({ kind: z.literal('weekdays'), time: clockTime }),
  z.object({
    kind: z.literal('weekly'),
    /** 0 = Sunday ... 6 = Saturday, as in cron. */
    days: z
      .array(z.number().int().min(0).max(6))
      .min(1, msg('invalid_no_day'))
      .refine((days) => new Set(days).size === days.length, msg('invalid_day_twice')),
    time: clockTime,
  }),
  z.object({
    kind: z.literal('cron'),
    expression: z
      .string()
      .trim()
      .min(1, msg('invalid_empty'))
      .superRefine((expression, ctx) => {
        const problem = cronProblem(expression);
        if (problem) ctx.addIssue({ code: 'custom', message: problem.key, params: { args: problem.args } });
      }),
  }),
]);
export type Schedule = z.output<typeof scheduleSchema>;
export type ScheduleInput = z.input<typeof scheduleSchema>;

/** Whether `timeZone` is an IANA zone this browser knows ("Europe/Berlin"). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone.length > 0;
  } catch {
    return false;
  }
}

/**
 * Five fields only: minute, hour, day of month, month, day of week. Seconds would run too often.
 * What is wrong is a message whose $1 is the field's label, filled where the field is named.
 */
export function cronProblem(expression: string): { key: MessageKey; args: Arg[] } | undefined {
  const fields = expression.trim().split(/\s+/);
  if (!expression.trim().startsWith('@') && fields.length !== 5) return { key: msg('invalid_cron_fields'), args: [String(fields.length)] };
  try {
    const cron = new Cron(expression.trim(), { paused: true, mode: '5-part' });
    if (cron.nextRun(new Date()) === null) return { key: msg('invalid_cron_never'), args: [] };
  } catch (error) {
    // croner's own detail stays in English: it names the part of the expression that is wrong.
    return { key: msg('invalid_cron'), args: [(error instanceof Error ? error.message : String(error)).replace(/^CronPattern: /, '')] };
  }
  return undefined;
}

/** The schedule as croner reads it, for every wall-clock kind. */
function cronFor(schedule: Exclude<Schedule, { kind: 'interval' }>, timeZone: string): Cron {
  const options = { paused: true, timezone: timeZone, mode: '5-part' as const };
  const [hour, minute] = 'time' in schedule ? schedule.time.split(':').map(Number) : [0, 0];
  switch (schedule.kind) {
    case 'once':
      return new Cron(`${schedule.at}:00`, { paused: true, timezone: timeZone });
    case 'hourly':
      return new Cron(`${schedule.minute} * * * *`, options);
    case 'daily':
      return new Cron(`${minute} ${hour} * * *`, options);
    case 'weekdays':
      return new Cron(`${minute} ${hour} * * 1-5`, options);
    case 'weekly':
      return new Cron(`${minute} ${hour} * * ${[...schedule.days].sort().join(',')}`, options);
    case 'cron':
      return new Cron(schedule.expression, options);
  }
}

/** The first run strictly after `after`, or null when there is none (a "once" that has passed). */
export function nextRunAfter(schedule: Schedule, after: Date, timeZone: string): Date | null {
  if (schedule.kind === 'interval') {
    const period = schedule.everyMinutes * 60_000;
    const steps = Math.floor((after.getTime() - schedule.anchor) / period) + 1;
    return new Date(schedule.anchor + Math.max(0, steps) * period);
  }
  return cronFor(schedule, timeZone).nextRun(after);
}

/** The latest run at or before `at`, or null when the schedule had none by then. */
export function lastRunAtOrBefore(schedule: Schedule, at: Date, timeZone: string): Date | null {
  if (schedule.kind === 'interval') {
    if (at.getTime() < schedule.anchor) return null;
    const period = schedule.everyMinutes * 60_000;
    return new Date(schedule.anchor + Math.floor((at.getTime() - schedule.anchor) / period) * period);
  }
  // croner's previousRuns leaves its reference out: one millisecond later takes it in.
  return cronFor(schedule, timeZone).previousRuns(1, new Date(at.getTime() + 1))[0] ?? null;
}

/** The next `count` runs after `after`, for the form to show before saving. */
export function nextRuns(schedule: Schedule, count: number, after: Date, timeZone: string): Date[] {
  const runs: Date[] = [];
  let cursor = after;
  while (runs.length < count) {
    const next = nextRunAfter(schedule, cursor, timeZone);
    if (!next) break;
    runs.push(next);
    cursor = next;
  }
  return runs;
}

/** Each weekday, Sunday first, as the form names it and as a schedule says it in the plural ("Mondays"). */
export const WEEKDAY_KEYS = [msg('weekday_0'), msg('weekday_1'), msg('weekday_2'), msg('weekday_3'), msg('weekday_4'), msg('weekday_5'), msg('weekday_6')];
const WEEKDAYS_PLURAL = [msg('weekdays_0'), msg('weekdays_1'), msg('weekdays_2'), msg('weekdays_3'), msg('weekdays_4'), msg('weekdays_5'), msg('weekdays_6')];

function dayList(days: readonly number[]): Arg {
  return listOf([...days].sort().map((day) => words(WEEKDAYS_PLURAL[day]!)));
}

/** The schedule in a sentence, as the routines list shows it, in the reader's language. */
export function describeSchedule(schedule: Schedule): Words {
  switch (schedule.kind) {
    case 'once': {
      const [date, time] = schedule.at.split('T');
      return words('schedule_says_once', date ?? schedule.at, time ?? '');
    }
    case 'interval':
      return schedule.everyMinutes === 1 ? words('schedule_every_minute') : words('schedule_every_minutes', schedule.everyMinutes);
    case 'hourly':
      return words('schedule_says_hourly', String(schedule.minute).padStart(2, '0'));
    case 'daily':
      return words('schedule_says_daily', schedule.time);
    case 'weekdays':
      return words('schedule_says_weekdays', schedule.time);
    case 'weekly':
      return words('schedule_says_weekly', dayList(schedule.days), schedule.time);
    case 'cron':
      return words('schedule_says_cron', schedule.expression);
  }
}

