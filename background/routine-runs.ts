import browser from 'webextension-polyfill';
import type { Approval } from '../src/protocol/task';
import { withoutHandoverNote } from '../src/routines/replay';
import { diffResults, sameResult } from '../src/routines/result-diff';
import type { SessionEvent } from '../src/session/session';
import type { RoutineRun } from '../src/store/routines';
import { type TaskRecord, usageTextOf } from '../src/store/tasks';
import { inEnglish } from '../src/i18n/english';
import { msg, type Text, words } from '../src/i18n/words';
import { broadcastAll } from './panel-hub';
import { replayOfFinishedTask } from './routine-replay';
import { say } from './say';
import { clearRoutineNotification, notifyApproval, notifyResult } from './routine-notifications';
import type { RoutineStore } from './routine-store';

/** One alarm per run that waits for an approval: when it fires, the run needs attention. */
export const WAIT_ALARM_PREFIX = 'steward.routine-wait:';

const ENDED: Record<TaskRecord['status'], RoutineRun['status']> = { running: 'running', done: 'done', error: 'failed', stopped: 'stopped' };

/** What the run records need from the routine runner. */
export interface RunRecordsHost {
  /** How long an unattended run waits for an approval before it ends as "needs attention". */
  approvalWaitMs(): Promise<number>;
  /** A run ended: the next waiting run may start. */
  startWaiting(): Promise<void>;
  /** Stops a run's task; false when it no longer runs. */
  stopTask(taskId: string, reason: Text): boolean;
}

/**
 * The routine runs' records, kept from what their tasks' sessions say: a run waits while its task
 * asks, runs again once answered, and ends with its task, with its result, the difference from the
 * previous run, and a notification as the routine says.
 */
export class RunRecords {
  constructor(
    private readonly store: RoutineStore,
    private readonly host: RunRecordsHost,
  ) {}

  /** A session's event, for the run its task belongs to, if any. */
  async onSessionEvent(event: Exclude<SessionEvent, { type: 'acting' }>): Promise<void> {
    const record = event.session.record;
    if (event.type === 'asked') await this.#approvalRequested(record.id, event.approval);
    else if (event.type === 'answered') await this.#approvalAnswered(record.id);
    else await this.#taskFinished(record);
  }

  /** Nobody answered in time: the run ends as "needs attention", saying what it waited for. */
  async waitedTooLong(runId: string): Promise<void> {
    const run = await this.store.getRun(runId);
    if (!run || run.status !== 'waiting') return;
    const minutes = Math.round((await this.host.approvalWaitMs()) / 60_000);
    const end = { status: 'needs-attention' as const, error: words(minutes === 1 ? msg('run_approval_timeout_one') : msg('run_approval_timeout'), minutes, run.waitingFor ?? inEnglish(words('run_an_approval'))) };
    await this.store.putRun({ ...run, ...end });
    // The task ends too; its end reaches #taskFinished, which keeps this status.
    if (!run.taskId || !this.host.stopTask(run.taskId, end.error)) await this.end({ ...run, ...end }, end);
  }

  async #runOfTask(taskId: string): Promise<RoutineRun | undefined> {
    return (await this.store.activeRuns()).find((run) => run.taskId === taskId);
  }

  async #approvalRequested(taskId: string, approval: Approval): Promise<void> {
    const run = await this.#runOfTask(taskId);
    if (!run) return;
    const routine = (await this.store.routines()).find((candidate) => candidate.id === run.routineId);
    // A run that resumed after the worker restarted asks again: its wait goes on from the first time.
    const waitingSince = run.status === 'waiting' && run.waitingSince !== undefined ? run.waitingSince : approval.requestedAt;
    Object.assign(run, { status: 'waiting', approval, waitingFor: describeApproval(approval), waitingSince });
    await browser.alarms.create(`${WAIT_ALARM_PREFIX}${run.id}`, { when: Math.max(Date.now() + 1_000, waitingSince + (await this.host.approvalWaitMs())) });
    await notifyApproval(run, routine?.definition.name ?? 'A routine');
    await this.store.putRun(run);
    await this.setLastRun(run.routineId, run);
  }

  async #approvalAnswered(taskId: string): Promise<void> {
    const run = await this.#runOfTask(taskId);
    if (!run || run.status !== 'waiting') return;
    run.status = 'running';
    delete run.approval;
    delete run.waitingFor;
    delete run.waitingSince;
    await this.store.putRun(run);
    await this.setLastRun(run.routineId, run);
    await browser.alarms.clear(`${WAIT_ALARM_PREFIX}${run.id}`);
    await clearRoutineNotification(run, 'approval');
  }

  async #taskFinished(record: Readonly<TaskRecord>): Promise<void> {
    const run = (await this.#runOfTask(record.id)) ?? (await this.#endedRunOfTask(record.id));
    if (!run || run.endedAt !== undefined) return;
    const status = run.status === 'needs-attention' ? 'needs-attention' : ENDED[record.status];
    const usageText = usageTextOf(record);
    await this.end(run, {
      status,
      ...(record.finalAnswer !== undefined && status === 'done' ? { result: withoutHandoverNote(record.finalAnswer) } : {}),
      ...(status !== 'done' ? { error: run.error ?? record.error ?? words('run_stopped') } : {}),
      costUsd: record.usage.costUsd,
      ...(usageText ? { usageText } : {}),
      ...(await replayOfFinishedTask(record)),
    });
  }

  async #endedRunOfTask(taskId: string): Promise<RoutineRun | undefined> {
    for (const routine of await this.store.routines()) {
      const run = (await this.store.runsOf(routine.id)).find((candidate) => candidate.taskId === taskId);
      if (run) return run;
    }
    return undefined;
  }

  /** Records a run's end and its difference from the previous run, notifies as the routine says, and lets the next run start. */
  async end(run: RoutineRun, end: Partial<RoutineRun> & Pick<RoutineRun, 'status'>): Promise<void> {
    const routine = (await this.store.routines()).find((candidate) => candidate.id === run.routineId);
    const previous = (await this.store.runsOf(run.routineId)).find((other) => other.id !== run.id && other.endedAt !== undefined && other.queuedAt <= run.queuedAt);
    const ended: RoutineRun = { ...run, ...end, endedAt: Date.now() };
    delete ended.approval;
    const result = ended.result ?? '';
    ended.changed = !previous || previous.status !== ended.status || !sameResult(previous.result ?? '', result);
    if (previous?.result !== undefined && ended.result !== undefined) ended.diff = diffResults(previous.result, ended.result);
    const notify = routine?.definition.notify ?? 'always';
    ended.notified = notify === 'always' || (notify === 'failure' && ended.status !== 'done') || (notify === 'changed' && ended.changed);
    await browser.alarms.clear(`${WAIT_ALARM_PREFIX}${run.id}`);
    await clearRoutineNotification(ended, 'approval');
    // Shown before the record says so, so a run recorded as notified has had its notification.
    if (ended.notified) await notifyResult(ended, routine?.definition.name ?? 'A routine');
    await this.store.putRun(ended);
    await this.setLastRun(run.routineId, ended);
    // The run's window goes with it; its transcript stays in the history.
    if (ended.windowId !== undefined) await browser.windows.remove(ended.windowId).catch(() => undefined);
    await this.host.startWaiting();
  }

  async setLastRun(routineId: string, run: RoutineRun): Promise<void> {
    const routines = await this.store.routines();
    const routine = routines.find((candidate) => candidate.id === routineId);
    if (routine) {
      routine.lastRun = { id: run.id, status: run.status, at: run.endedAt ?? run.startedAt ?? run.queuedAt };
      await this.store.saveRoutines(routines);
    }
    broadcastAll({ type: 'routines.changed', routineId });
  }
}

export function describeApproval(approval: Approval): string {
  let where = '';
  try {
    if (approval.url) where = ` on ${new URL(approval.url).host}`;
  } catch {
    where = '';
  }
  return `${approval.member.replace(/_/g, ' ')} ${approval.target}${where}: ${say(approval.reason)}`;
}
