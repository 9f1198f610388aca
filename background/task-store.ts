import { auditEntrySchema, type AuditStore } from '../src/store/audit';
import { readRecord, summaryOf, type TaskRecord, type TaskStore, type TaskSummary } from '../src/store/tasks';
import { AUDIT, openStewardDb, TASKS } from './database';

/** Tasks in IndexedDB: every step is written here before the next begins, and read back validated. */
export function indexedDbTaskStore(): TaskStore {
  const open = openStewardDb;
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
      return all.map(readRecord).filter((record): record is TaskRecord => record?.status === 'running');
    },
  };
}

/** The audit log in IndexedDB, append-only: entries are added, never put over or deleted. */
export function indexedDbAuditStore(): AuditStore {
  return {
    async last() {
      const cursor = await (await openStewardDb()).transaction(AUDIT).store.openCursor(null, 'prev');
      return cursor ? auditEntrySchema.parse(cursor.value) : undefined;
    },
    async add(entry) {
      await (await openStewardDb()).add(AUDIT, entry);
    },
    async all() {
      return (await (await openStewardDb()).getAll(AUDIT)).map((raw) => auditEntrySchema.parse(raw));
    },
  };
}
