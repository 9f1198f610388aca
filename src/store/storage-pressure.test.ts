import { expect, it } from 'vitest';
import { emptyUsage } from '../model/pricing';
import { relieveStoragePressure } from './storage-pressure';
import { memoryTaskStore, TASK_RECORD_VERSION, type TaskRecord } from './tasks';

function record(id: string, createdAt: number, status: TaskRecord['status']): TaskRecord {
  return {
    version: TASK_RECORD_VERSION,
    id,
    model: 'm',
    mode: 'act',
    allowedSites: [],
    startedAt: createdAt,
    prompt: `task ${id}`,
    status,
    createdAt,
    entries: [
      { kind: 'user', id: `${id}:u`, text: 'go' },
      { kind: 'tool', id: `${id}:t`, member: 'screenshot', target: '', status: 'ok', startedAt: createdAt, thumbnail: 'data:image/jpeg;base64,AAAA' },
    ],
    tabs: { windowId: 1, tabIds: [1], nextRef: {} },
    loop: { messages: [{ role: 'user', content: 'go' }], pendingResults: [], steps: 0 },
    usage: emptyUsage(),
  };
}

it('drops the thumbnails of the oldest finished tasks first, keeps every transcript, and stops once there is room', async () => {
  const store = memoryTaskStore();
  for (const [id, at, status] of [['a', 1, 'done'], ['b', 2, 'error'], ['c', 3, 'done'], ['d', 4, 'running']] as const) await store.put(record(id, at, status));
  // 90% full at first, 75% after the first task gave up its thumbnails, 65% after the second.
  const readings = [90, 75, 65];
  const relieved = await relieveStoragePressure(store, async () => ({ usage: readings.shift() ?? 65, quota: 100 }));
  expect(relieved).toBe(2);
  const thumbnails = async (id: string) => (await store.get(id))!.entries.some((entry) => entry.kind === 'tool' && entry.thumbnail);
  expect([await thumbnails('a'), await thumbnails('b'), await thumbnails('c')]).toEqual([false, false, true]);
  const a = await store.get('a');
  expect(a!.entries.some((entry) => entry.kind === 'tool' && entry.thumbnail)).toBe(false);
  expect(a!.entries).toHaveLength(2);
  // The running task keeps its thumbnails whatever happens.
  expect((await store.get('d'))!.entries.some((entry) => entry.kind === 'tool' && entry.thumbnail)).toBe(true);
});

it('does nothing while there is room', async () => {
  const store = memoryTaskStore();
  await store.put(record('a', 1, 'done'));
  expect(await relieveStoragePressure(store, async () => ({ usage: 10, quota: 100 }))).toBe(0);
});
