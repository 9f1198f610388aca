import type { RoutineView } from '../src/protocol/routines';
import { decideDue } from '../src/routines/catch-up';
import { admit, type Admission, release, type RunQueue } from '../src/routines/queue';
import { describeSchedule, nextRunAfter } from '../src/routines/schedule';
import {
  exportRoutines,
  parseRoutineImport,
  type Routine,
  type RoutineDefinition,
  type RoutineRun,
  ROUTINE_RUN_VERSION,
  ROUTINE_VERSION,
  validateRoutineDefinition,
} from '../src/store/routines';
import { broadcastAll } from './panel-hub';
import type { RoutineStore } from './routine-store';
import { replaySourceFor } from './routine-replay';
import { RunRecords, WAIT_ALARM_PREFIX } from './routine-runs';
import type { TaskRunner } from './task-runner';
import { windowExists } from './windows';
import browser from 'webextension-polyfill';
import { defaultSettings, type Settings } from '../src/store/settings';
import { WordsError } from '../src/i18n/english';
import { type Text as Wording, type Words, words } from '../src/i18n/words';

/** One alarm per routine, named for it: re-created (idempotently) whenever the worker starts. */
export const ROUTINE_ALARM_PREFIX = 'steward.routine:';
export { WAIT_ALARM_PREFIX } from './routine-runs';
/** Set in chrome.storage.session by the first worker start of a browser session. */
const SESSION_MARK = 'routines.sessionStartedAt';

export interface RoutineLimits {
  /** Runs of different routines at the same time; the rest wait their turn. */
  maxConcurrentRuns: number;
  /** How long an unattended run waits for an approval before it ends as "needs attention". */
  approvalWaitMs: number;
}

/** The limits as the settings say (Settings → Routines, src/settings/definitions.ts), within the administrator's ceilings. */
export function routineLimits(settings: Pick<Settings, 'routineConcurrency' | 'approvalWaitMinutes'>): RoutineLimits {
  return { maxConcurrentRuns: settings.routineConcurrency, approvalWaitMs: settings.approvalWaitMinutes * 60_000 };
}

/**
 * Runs routines: wakes on their alarms, catches up once on what was missed, starts each run in a
 * window of its own that never takes focus, and keeps each run's record from queued to its result.
 * State lives in storage (routines in chrome.storage.local, runs in IndexedDB), and every change is
 * made one at a time, so an alarm and a start-up catch-up never both run the same scheduled time.
 */
export class RoutineRunner {
  #chain: Promise<unknown> = Promise.resolve();
  readonly #runs: RunRecords;

  constructor(
    private readonly tasks: TaskRunner,
    private readonly store: RoutineStore,
    /** Read where each limit is used, so a change in Settings applies to the next run. */
    private readonly readLimits: () => Promise<RoutineLimits> = async () => routineLimits(defaultSettings()),
    /** The diagnostics hook's overrides (background/debug.ts), over the settings. */
    readonly limits: Partial<RoutineLimits> = {},
  ) {
    this.#runs = new RunRecords(store, {
      approvalWaitMs: async () => (await this.currentLimits()).approvalWaitMs,
      startWaiting: () => this.#startWaiting(),
      stopTask: (taskId, reason) => this.tasks.stop(taskId, reason),
    });
    // Subscribed before the task runner restores its tasks, so a resumed routine run still reports back.
    tasks.sessions.subscribe((event) => {
      if (event.type !== 'acting') void this.#serial(() => this.#runs.onSessionEvent(event));
    });
  }

  /** The user closed a run's window: the run stops there, rather than going on without its tabs. */
  onWindowClosed(windowId: number): Promise<void> {
    return this.#serial(async () => {
      const run = (await this.store.activeRuns()).find((candidate) => candidate.windowId === windowId);
      if (run?.taskId) this.tasks.stop(run.taskId, words('stopped_run_window_closed'));
    });
  }

  /** The limits the next run is held to. */
  async currentLimits(): Promise<RoutineLimits> {
    return { ...(await this.readLimits()), ...this.limits };
  }

  /** Changes happen one after another; a failure is logged and does not block the next. */
  #serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#chain.then(work);
    this.#chain = result.catch((error: unknown) => console.error('Steward routines:', error));
    return result;
  }

  /**
   * When the worker starts (after the task runner restored its tasks): runs whose window is gone
   * (the browser was closed during them) end; every routine gets its alarm; and a routine whose
   * latest scheduled time passed unrun runs once now.
   */
  start(now = Date.now()): Promise<void> {
    return this.#serial(async () => {
      for (const run of await this.store.activeRuns()) {
        if (run.windowId === undefined || (await windowExists(run.windowId))) continue;
        if (run.taskId) this.tasks.stop(run.taskId, words('stopped_run_browser_closed'));
        await this.#runs.end(run, { status: 'failed', error: words('run_browser_closed') });
      }
      const routines = await this.store.routines();
      // chrome.storage.session is empty when the browser (not just the worker) has started: what is due then was missed.
      const browserStarted = (await browser.storage.session.get(SESSION_MARK))[SESSION_MARK] === undefined;
      await browser.storage.session.set({ [SESSION_MARK]: now });
      for (const routine of routines) await this.#check(routine.id, now, browserStarted ? 'browser-start' : 'worker-start');
      await this.#clearStrayAlarms(routines);
      await this.#startWaiting();
    });
  }

  /** An alarm fired; `at` lets the test hook fire one as if its time had come. */
  onAlarm(name: string, at = Date.now()): Promise<void> {
    if (name.startsWith(ROUTINE_ALARM_PREFIX)) return this.#serial(() => this.#check(name.slice(ROUTINE_ALARM_PREFIX.length), at, 'alarm'));
    if (name.startsWith(WAIT_ALARM_PREFIX)) return this.#serial(() => this.#runs.waitedTooLong(name.slice(WAIT_ALARM_PREFIX.length)));
    return Promise.resolve();
  }

  // Panel requests

  async list(now = Date.now()): Promise<RoutineView[]> {
    const active = new Set((await this.store.activeRuns()).map((run) => run.routineId));
    return (await this.store.routines()).map((routine) => ({
      id: routine.id,
      definition: routine.definition,
      paused: routine.paused,
      description: describeSchedule(routine.definition.schedule),
      ...(routine.paused ? {} : { nextRunAt: nextRunTime(routine, now) }),
      ...(routine.lastRun ? { lastRun: routine.lastRun } : {}),
      active: active.has(routine.id),
    }));
  }

  save(id: string | undefined, input: unknown): Promise<{ saved: true; id: string } | { saved: false; errors: Record<string, Words> }> {
    return this.#serial(async () => {
      const validation = validateRoutineDefinition(input);
      if (!validation.ok) return { saved: false as const, errors: validation.errors };
      const now = Date.now();
      const { schedule, timeZone } = validation.definition;
      // A one-off time that has passed would never run: say so rather than save a routine that does nothing.
      if (schedule.kind === 'once' && !nextRunAfter(schedule, new Date(now), timeZone)) {
        return { saved: false as const, errors: { schedule: words('invalid_in_the_past', words('routine_at')) } };
      }
      const routines = await this.store.routines();
      let routine = id ? routines.find((candidate) => candidate.id === id) : undefined;
      if (id && !routine) throw new WordsError(words('error_routine_gone'));
      if (routine) {
        const rescheduled = JSON.stringify([routine.definition.schedule, routine.definition.timeZone]) !== JSON.stringify([validation.definition.schedule, validation.definition.timeZone]);
        routine.definition = validation.definition;
        routine.updatedAt = now;
        // A new schedule starts now: times of the old one that passed are not owed.
        if (rescheduled) routine.scheduledSince = now;
      } else {
        routine = newRoutine(validation.definition, false, now);
        routines.push(routine);
      }
      await this.store.saveRoutines(routines);
      await this.#arm(routine, now);
      broadcastAll({ type: 'routines.changed', routineId: routine.id });
      return { saved: true as const, id: routine.id };
    });
  }

  remove(id: string): Promise<boolean> {
    return this.#serial(async () => {
      const routines = await this.store.routines();
      if (!routines.some((routine) => routine.id === id)) return false;
      for (const run of await this.store.activeRuns()) {
        if (run.routineId !== id) continue;
        if (run.taskId) this.tasks.stop(run.taskId, 'Its routine was deleted.');
        // Its record goes below, so nothing else would close its window.
        if (run.windowId !== undefined) await browser.windows.remove(run.windowId).catch(() => undefined);
      }
      await this.store.saveRoutines(routines.filter((routine) => routine.id !== id));
      await this.store.removeRunsOf(id);
      await browser.alarms.clear(`${ROUTINE_ALARM_PREFIX}${id}`);
      await this.#startWaiting();
      broadcastAll({ type: 'routines.changed', routineId: id });
      return true;
    });
  }

  setPaused(id: string, paused: boolean): Promise<boolean> {
    return this.#serial(async () => {
      const routines = await this.store.routines();
      const routine = routines.find((candidate) => candidate.id === id);
      if (!routine) throw new WordsError(words('error_routine_gone'));
      const now = Date.now();
      // Resuming does not run what was missed while paused.
      if (routine.paused && !paused) routine.scheduledSince = now;
      routine.paused = paused;
      routine.updatedAt = now;
      await this.store.saveRoutines(routines);
      await this.#arm(routine, now);
      broadcastAll({ type: 'routines.changed', routineId: id });
      return paused;
    });
  }

  /** "Run now": replaying the last good run when the routine allows it, or with Claude when `askClaude`. */
  runNow(id: string, askClaude = false): Promise<Admission> {
    return this.#serial(async () => {
      const routine = (await this.store.routines()).find((candidate) => candidate.id === id);
      if (!routine) throw new WordsError(words('error_routine_gone'));
      return this.#request(routine, 'manual', undefined, askClaude);
    });
  }

  runs(id: string): Promise<RoutineRun[]> {
    return this.store.runsOf(id);
  }

  async exportJson(): Promise<string> {
    return exportRoutines(await this.store.routines());
  }

  /** All or nothing: a file with one bad routine imports none, and says what is wrong with each. */
  import(json: string): Promise<{ ok: true; imported: number } | { ok: false; errors: Wording[] }> {
    return this.#serial(async () => {
      const parsed = parseRoutineImport(json);
      if (!parsed.ok) return parsed;
      const routines = await this.store.routines();
      const now = Date.now();
      const added = parsed.routines.map(({ definition, paused }) => newRoutine(definition, paused, now));
      await this.store.saveRoutines([...routines, ...added]);
      for (const routine of added) await this.#arm(routine, now);
      broadcastAll({ type: 'routines.changed' });
      return { ok: true as const, imported: added.length };
    });
  }

  // Scheduling

  /**
   * Runs the routine if its latest scheduled time is due and unrun, then sets its alarm for the next.
   * What the browser's start finds due was missed while it was closed: a catch-up. So is what an alarm
   * or a worker start finds more than a minute late (the machine slept); on time, it is the schedule.
   */
  async #check(id: string, now: number, source: 'browser-start' | 'worker-start' | 'alarm'): Promise<void> {
    const routines = await this.store.routines();
    const routine = routines.find((candidate) => candidate.id === id);
    if (!routine) {
      await browser.alarms.clear(`${ROUTINE_ALARM_PREFIX}${id}`);
      return;
    }
    const decision = decideDue(
      { schedule: routine.definition.schedule, timeZone: routine.definition.timeZone, paused: routine.paused, scheduledSince: routine.scheduledSince, lastScheduledFor: routine.lastScheduledFor },
      now,
    );
    if (decision.run) {
      // Recorded before the run starts: whatever happens next, this time is never run twice.
      routine.lastScheduledFor = decision.scheduledFor;
      await this.store.saveRoutines(routines);
      await this.#request(routine, source === 'browser-start' || decision.late ? 'catch-up' : 'schedule', decision.scheduledFor);
    }
    await this.#arm(routine, now);
  }

  /** Sets the routine's alarm to its next run; leaves an alarm that is already right alone. */
  async #arm(routine: Routine, now: number): Promise<void> {
    const name = `${ROUTINE_ALARM_PREFIX}${routine.id}`;
    const next = routine.paused ? undefined : nextRunTime(routine, now);
    if (next === undefined) {
      await browser.alarms.clear(name);
      return;
    }
    const existing = await browser.alarms.get(name);
    if (existing?.scheduledTime === next) return;
    await browser.alarms.create(name, { when: next });
  }

  async #clearStrayAlarms(routines: Routine[]): Promise<void> {
    const ids = new Set(routines.map((routine) => routine.id));
    for (const alarm of await browser.alarms.getAll()) {
      if (alarm.name.startsWith(ROUTINE_ALARM_PREFIX) && !ids.has(alarm.name.slice(ROUTINE_ALARM_PREFIX.length))) await browser.alarms.clear(alarm.name);
    }
  }

  // Running

  /** Queues a run: one per routine at a time, and at most `maxConcurrentRuns` at once. */
  async #request(routine: Routine, trigger: RoutineRun['trigger'], scheduledFor: number | undefined, askClaude = false): Promise<Admission> {
    const { admission, start } = admit(await this.#queue(), routine.id, (await this.currentLimits()).maxConcurrentRuns);
    if (admission === 'already-running' || admission === 'already-queued') return admission;
    const run: RoutineRun = {
      version: ROUTINE_RUN_VERSION,
      id: crypto.randomUUID(),
      routineId: routine.id,
      trigger,
      ...(scheduledFor !== undefined ? { scheduledFor } : {}),
      status: 'queued',
      queuedAt: Date.now(),
      costUsd: 0,
      ...(askClaude ? { askClaude } : {}),
    };
    await this.store.putRun(run);
    await this.#runs.setLastRun(routine.id, run);
    if (start.includes(routine.id)) await this.#launch(run);
    return admission;
  }

  /** The queue is not stored apart: it is what the run records say. */
  async #queue(): Promise<RunQueue> {
    const active = await this.store.activeRuns();
    return {
      running: active.filter((run) => run.status !== 'queued').map((run) => run.routineId),
      waiting: active.filter((run) => run.status === 'queued').map((run) => run.routineId),
    };
  }

  /** Starts waiting runs while there is room (after a run ended, or at start-up). */
  async #startWaiting(): Promise<void> {
    const queue = await this.#queue();
    const { start } = release(queue, '', (await this.currentLimits()).maxConcurrentRuns);
    if (start.length === 0) return;
    const queued = (await this.store.activeRuns()).filter((run) => run.status === 'queued');
    for (const routineId of start) {
      const run = queued.find((candidate) => candidate.routineId === routineId);
      if (run) await this.#launch(run);
    }
  }

  /**
   * A run works in a window of its own, opened without focus, in a background tab (of its own tab
   * group) on the start page: it never takes the user's focus or touches the user's tabs. Its
   * policy is the routine's plan: ordinary actions on the routine's sites run; anything else, and
   * every sensitive or risky action, waits for the user.
   */
  async #launch(run: RoutineRun): Promise<void> {
    const routine = (await this.store.routines()).find((candidate) => candidate.id === run.routineId);
    if (!routine) {
      await this.#runs.end(run, { status: 'failed', error: words('run_routine_deleted') });
      return;
    }
    const { definition } = routine;
    let windowId: number | undefined;
    try {
      // The run's tab is a background tab from the start: a blank tab stays in front (background-tabs.ts says why).
      const window = await browser.windows.create({ url: 'about:blank', focused: false, type: 'normal' });
      windowId = window?.id;
      const tabId = windowId === undefined ? undefined : (await browser.tabs.create({ windowId, url: definition.startUrl, active: false })).id;
      if (windowId === undefined || tabId === undefined) throw new Error('Chrome did not open a window for the run.');
      run.windowId = windowId;
      // The 'plan' mode with the routine's sites as the plan agreed when the routine was saved.
      const taskId = await this.tasks.start(definition.prompt, windowId, 'plan', {
        tabId,
        plan: { summary: `Routine "${definition.name}"`, steps: [definition.prompt], sites: definition.sites },
        budget: definition.budget,
        groupTitle: `routine ${definition.name}`,
        replay: await replaySourceFor(this.store, routine, run),
      });
      Object.assign(run, { status: 'running', startedAt: Date.now(), taskId });
      await this.store.putRun(run);
      await this.#runs.setLastRun(routine.id, run);
    } catch (error) {
      if (windowId !== undefined) await browser.windows.remove(windowId).catch(() => undefined);
      await this.#runs.end(run, { status: 'failed', error: error instanceof Error ? error.message : String(error) });
    }
  }
}

function newRoutine(definition: RoutineDefinition, paused: boolean, now: number): Routine {
  return { version: ROUTINE_VERSION, id: crypto.randomUUID(), definition, paused, createdAt: now, updatedAt: now, scheduledSince: now };
}

/** The next run after now, and after the last scheduled time that ran (the test hook can run one early). */
function nextRunTime(routine: Routine, now: number): number | undefined {
  const after = Math.max(now, routine.lastScheduledFor ?? 0, routine.scheduledSince - 1);
  return nextRunAfter(routine.definition.schedule, new Date(after), routine.definition.timeZone)?.getTime();
}
