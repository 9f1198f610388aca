import { lastRunAtOrBefore, type Schedule } from './schedule';

/** What the scheduler knows about one routine when it wakes: at start-up, on an alarm, or both. */
export interface DueCheck {
  schedule: Schedule;
  timeZone: string;
  paused: boolean;
  /** When the schedule was last saved: times before it were never due for this routine. */
  scheduledSince: number;
  /** The scheduled time the last run was started for, if any; each scheduled time runs at most once. */
  lastScheduledFor?: number | undefined;
}

export type DueDecision =
  | { run: true; scheduledFor: number; late: boolean }
  | { run: false; reason: 'paused' | 'nothing-due' | 'already-ran' };

/** A run more than this late is a catch-up, not the alarm firing on time. */
export const ON_TIME_MS = 60_000;

/**
 * Whether a routine runs now. Only the latest scheduled time counts: however many were missed
 * while the browser was closed or the machine slept, that is one run, never a storm; and a time
 * before the schedule existed, or one that already ran, never runs. Start-up and alarms both ask
 * this, so an alarm that fires right after a catch-up finds nothing left to do.
 */
export function decideDue(check: DueCheck, now: number): DueDecision {
  if (check.paused) return { run: false, reason: 'paused' };
  const due = lastRunAtOrBefore(check.schedule, new Date(now), check.timeZone)?.getTime();
  if (due === undefined || due < check.scheduledSince) return { run: false, reason: 'nothing-due' };
  if (check.lastScheduledFor !== undefined && due <= check.lastScheduledFor) return { run: false, reason: 'already-ran' };
  return { run: true, scheduledFor: due, late: now - due > ON_TIME_MS };
}
