import type { PanelPush } from '../protocol/panel';
import type { TaskView } from '../protocol/task';
import { emptyUsage } from '../model/pricing';
import { memoryTaskStore, TASK_RECORD_VERSION, type TaskRecord } from '../store/tasks';
import type { SessionHost } from './host';

/**
 * The session's host for unit tests: a store in memory that stands for IndexedDB across "worker
 * restarts", the pushes each window's panels got, the toolbar mark, the windows still open, and the
 * downloads let go of. A restart is a new `TaskSessions` over the same fake.
 */
export interface FakeHost extends SessionHost {
  store: ReturnType<typeof memoryTaskStore>;
  pushes: Array<{ windowId: number; push: PanelPush }>;
  waiting: boolean;
  alive: boolean;
  openWindows: Set<number>;
  refusedDownloads: number[];
  /** The last task state the panels of a window were sent. */
  lastState(windowId?: number): TaskView | null | undefined;
}

export function fakeHost(): FakeHost {
  const store = memoryTaskStore();
  let clock = 1_000;
  let ids = 0;
  const host: FakeHost = {
    store,
    pushes: [] as Array<{ windowId: number; push: PanelPush }>,
    waiting: false,
    alive: false,
    openWindows: new Set<number>([1]),
    refusedDownloads: [] as number[],
    persist: (record: TaskRecord) => store.put(record),
    publish(windowId: number, push: PanelPush) {
      host.pushes.push({ windowId, push });
    },
    async setWaiting(waiting: boolean) {
      host.waiting = waiting;
    },
    keepAlive(running: boolean) {
      host.alive = running;
    },
    windowExists: async (windowId: number): Promise<boolean> => host.openWindows.has(windowId),
    async refuseDownload(downloadId: number) {
      host.refusedDownloads.push(downloadId);
    },
    thumbnail: async (data: string) => `data:image/jpeg;base64,${data.slice(0, 8)}`,
    now: () => ++clock,
    newId: () => `id-${++ids}`,
    lastState(windowId = 1) {
      const states = host.pushes.filter((entry) => entry.windowId === windowId && entry.push.type === 'task.state');
      const last = states.at(-1)?.push;
      return last?.type === 'task.state' ? last.task : undefined;
    },
  };
  return host;
}

/** A new task's record, as the runner makes one, in window 1. */
export function newRecord(id: string, prompt = 'Pay for my basket.', windowId = 1): TaskRecord {
  return {
    version: TASK_RECORD_VERSION,
    id,
    prompt,
    status: 'running',
    createdAt: 1,
    entries: [{ kind: 'user', id: `${id}:user`, text: prompt }],
    model: 'claude-test',
    mode: 'act',
    allowedSites: [],
    startedAt: 1,
    tabs: { windowId, tabIds: [7], currentTabId: 7, nextRef: {} },
    loop: { messages: [{ role: 'user', content: prompt }], pendingResults: [], steps: 0 },
    usage: emptyUsage(),
  };
}
