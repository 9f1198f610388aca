import { type IDBPDatabase, openDB } from 'idb';
import { readRecord, summaryOf, type TaskRecord, type TaskStore, type TaskSummary } from '../src/store/tasks';

const DB_NAME = 'steward';
const DB_VERSION = 1;
const TASKS = 'tasks';

/** Tasks in IndexedDB: every step is written here before the next begins, and read back validated. */
export function indexedDbTaskStore(): TaskStore {
  let db: Promise<IDBPDatabase> | undefined;
  const open = () =>
    (db ??= openDB(DB_NAME, DB_VERSION, {
      upgrade(database) {
        database.createObjectStore(TASKS, { keyPath: 'id' });
      },
    }));
  return {
    async put(record) {
      await (await open()).put(TASKS, record);
    },
    async get(id) {
      return readRecord(await (await open()).get(TASKS, id));
    },
    async remove(id) {
      await (await open()).delete(TASKS, id);
    },
    async list(): Promise<TaskSummary[]> {
      const all = await (await open()).getAll(TASKS);
      return all
        .map(readRecord)
        .filter((record): record is TaskRecord => record !== undefined)
        .map(summaryOf)
        .sort((a, b) => b.createdAt - a.createdAt);
    },
    async unfinished() {
      const all = await (await open()).getAll(TASKS);
      return all.map(readRecord).filter((record): record is TaskRecord => record?.view.status === 'running');
    },
  };
}
