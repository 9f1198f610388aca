import type { TaskStore } from './tasks';

/** Above this share of the quota, old screenshots make room; transcripts are never touched. */
export const PRESSURE_HIGH = 0.8;
export const PRESSURE_TARGET = 0.7;

export interface StorageEstimate {
  usage: number;
  quota: number;
}

/**
 * When storage runs short, the thumbnails of the oldest finished tasks go first, one task at a
 * time, until usage is back under the target. Returns how many tasks gave theirs up.
 */
export async function relieveStoragePressure(store: TaskStore, estimate: () => Promise<StorageEstimate>): Promise<number> {
  let { usage, quota } = await estimate();
  if (!quota || usage / quota < PRESSURE_HIGH) return 0;
  let relieved = 0;
  const oldestFirst = (await store.list()).filter((task) => task.status !== 'running').reverse();
  for (const summary of oldestFirst) {
    if (usage / quota < PRESSURE_TARGET) break;
    const record = await store.get(summary.id);
    if (!record) continue;
    let changed = false;
    for (const entry of record.entries) {
      if (entry.kind === 'tool' && entry.thumbnail) {
        delete entry.thumbnail;
        changed = true;
      }
    }
    if (!changed) continue;
    await store.put(record);
    relieved++;
    ({ usage, quota } = await estimate());
  }
  return relieved;
}
