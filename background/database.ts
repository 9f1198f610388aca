import { type IDBPDatabase, openDB } from 'idb';

const DB_NAME = 'steward';
const DB_VERSION = 3;
export const TASKS = 'tasks';
export const AUDIT = 'audit';
export const ROUTINE_RUNS = 'routine-runs';

let db: Promise<IDBPDatabase> | undefined;

/** Steward's IndexedDB: tasks (version 1), the audit log (version 2) and routine runs (version 3). */
export function openStewardDb(): Promise<IDBPDatabase> {
  return (db ??= openDB(DB_NAME, DB_VERSION, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) database.createObjectStore(TASKS, { keyPath: 'id' });
      if (oldVersion < 2) database.createObjectStore(AUDIT, { keyPath: 'seq' });
      if (oldVersion < 3) database.createObjectStore(ROUTINE_RUNS, { keyPath: 'id' }).createIndex('routineId', 'routineId');
    },
  }));
}
