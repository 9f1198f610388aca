import { describe, expect, it } from 'vitest';
import { routineItem, routineRunItem } from './routines';
import { settingsItem } from './settings';
import { memoryTaskStore, taskRecordItem } from './tasks';
import { missingMigrations, readVersioned } from './versioned';

describe('stored items', () => {
  it('each has a migration for every version below its current one', () => {
    for (const item of [taskRecordItem, routineItem, routineRunItem, settingsItem]) expect(missingMigrations(item), item.name).toEqual([]);
  });

  it('a task written by a newer Steward is kept in the store, reported as newer, and left out of the lists', async () => {
    const store = memoryTaskStore();
    const future = { version: taskRecordItem.version + 1, id: 'future', view: { status: 'running' } };
    store.records.set('future', future);
    expect(readVersioned(taskRecordItem, future)).toEqual({ status: 'newer', version: taskRecordItem.version + 1 });
    expect(await store.list()).toEqual([]);
    expect(await store.unfinished()).toEqual([]);
    expect(store.records.get('future')).toEqual(future);
  });
});
