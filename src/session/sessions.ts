import { words } from '../i18n/words';
import type { TaskView } from '../protocol/task';
import type { TaskRecord, TaskStore } from '../store/tasks';
import type { SessionHost } from './host';
import { endRecord } from './record';
import { type SessionEvent, type SessionOutput, TaskSession } from './session';
import { taskView } from './view';

/** What the task says when the browser was closed while it ran. */
export const BROWSER_CLOSED = words('stopped_browser_closed');

/**
 * The running task sessions of one worker, and per window the task its panel shows (the one running
 * there, or the last to finish). Restores sessions when the worker starts, keeps the worker alive
 * while any runs, keeps the toolbar mark while any waits for the user, and passes every session's
 * events on to its subscribers.
 */
export class TaskSessions {
  readonly #live = new Map<string, TaskSession>();
  readonly #shown = new Map<number, TaskRecord | TaskSession>();
  readonly #listeners = new Set<(event: SessionEvent) => void>();
  readonly #out: SessionOutput;

  constructor(
    private readonly store: TaskStore,
    private readonly host: SessionHost,
  ) {
    this.#out = {
      host,
      shown: (session) => this.#shown.get(session.windowId) === session,
      emit: (event) => {
        for (const listener of this.#listeners) listener(event);
      },
      waitingChanged: () => host.setWaiting([...this.#live.values()].some((session) => session.waiting)),
      ended: (session) => {
        this.#live.delete(session.id);
        if (this.#live.size === 0) host.keepAlive(false);
      },
    };
  }

  /** Hears every session's events; returns the way to stop hearing them. */
  subscribe(listener: (event: SessionEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get(id: string): TaskSession | undefined {
    return this.#live.get(id);
  }

  running(): TaskSession[] {
    return [...this.#live.values()];
  }

  /** The view the panels of a window show. */
  current(windowId: number): TaskView | null {
    const shown = this.#shown.get(windowId);
    if (!shown) return null;
    return shown instanceof TaskSession ? shown.view() : taskView(shown);
  }

  /** A new task's session: shown in its window, written, and running. */
  async create(record: TaskRecord): Promise<TaskSession> {
    const session = this.#admit(record);
    await session.start();
    return session;
  }

  /**
   * When the worker starts: the latest tasks are shown, and those that were running come back as
   * sessions, for `launch` to run. A task whose window is gone (the browser was closed while it ran)
   * ends as stopped, saying so; a download's question cannot outlive the worker that asked it.
   */
  async restore(launch: (session: TaskSession) => Promise<void>): Promise<void> {
    for (const summary of (await this.store.list()).slice(0, 20).reverse()) {
      const record = await this.store.get(summary.id);
      if (record && !(this.#shown.get(record.tabs.windowId) instanceof TaskSession)) this.#shown.set(record.tabs.windowId, record);
    }
    for (const record of await this.store.unfinished()) {
      if (this.#live.has(record.id)) continue;
      if (!(await this.host.windowExists(record.tabs.windowId))) {
        endRecord(record, { status: 'stopped', error: BROWSER_CLOSED }, this.host.now());
        await this.host.persist(record).catch((error: unknown) => console.error('Steward could not save the task', error));
        if (this.#shown.get(record.tabs.windowId)?.id === record.id) this.#shown.set(record.tabs.windowId, record);
        this.#out.emit({ type: 'finished', session: new TaskSession(record, this.#out) });
        continue;
      }
      const question = record.question?.question;
      if (question?.kind === 'download') {
        record.question = undefined;
        await this.host.refuseDownload(question.downloadId).catch(() => undefined);
      }
      await launch(this.#admit(record));
    }
  }

  /** A task in the history, by id: its live session's record, or the stored one. */
  async record(id: string): Promise<TaskRecord | undefined> {
    return this.#live.get(id)?.record ?? (await this.store.get(id));
  }

  async remove(id: string): Promise<void> {
    if (this.#live.has(id)) throw new Error('Stop the task before deleting it.');
    await this.store.remove(id);
    for (const [windowId, shown] of this.#shown) {
      if (shown.id !== id) continue;
      this.#shown.delete(windowId);
      this.host.publish(windowId, { type: 'task.state', task: null });
    }
  }

  #admit(record: TaskRecord): TaskSession {
    const session = new TaskSession(record, this.#out);
    this.#live.set(record.id, session);
    this.#shown.set(record.tabs.windowId, session);
    this.host.keepAlive(true);
    return session;
  }
}
