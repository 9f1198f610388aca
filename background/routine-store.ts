import type { KeyValueArea } from '../src/store/area';
import { ACTIVE_RUN_STATUSES, readRoutine, readRun, type Routine, routineItem, type RoutineRun, ROUTINE_VERSION } from '../src/store/routines';
import { isNewer } from '../src/store/versioned';
import { openStewardDb, ROUTINE_RUNS } from './database';

/** Routines are few and small: one chrome.storage.local item. Runs grow: IndexedDB. */
export const ROUTINES_KEY = 'routines';
/** Runs kept per routine; the oldest go first. */
const RUNS_KEPT = 50;

export interface RoutineStore {
  routines(): Promise<Routine[]>;
  saveRoutines(routines: Routine[]): Promise<void>;
  putRun(run: RoutineRun): Promise<void>;
  getRun(id: string): Promise<RoutineRun | undefined>;
  /** Newest first. */
  runsOf(routineId: string): Promise<RoutineRun[]>;
  activeRuns(): Promise<RoutineRun[]>;
  removeRunsOf(routineId: string): Promise<void>;
}

async function storedItems(local: KeyValueArea): Promise<unknown[]> {
  const stored = await local.get(ROUTINES_KEY);
  return stored && typeof stored === 'object' && Array.isArray((stored as { items?: unknown }).items) ? (stored as { items: unknown[] }).items : [];
}

export function routineStore(local: KeyValueArea): RoutineStore {
  return {
    async routines() {
      return (await storedItems(local)).map(readRoutine).filter((routine): routine is Routine => routine !== undefined);
    },
    async saveRoutines(routines) {
      // Routines a newer Steward wrote stay as they are, unless this build saves one of the same id.
      const ids = new Set(routines.map((routine) => routine.id));
      const newer = (await storedItems(local)).filter((raw) => isNewer(routineItem, raw) && !ids.has(String((raw as { id?: unknown }).id)));
      await local.set(ROUTINES_KEY, { version: ROUTINE_VERSION, items: [...routines, ...newer] });
    },
    async putRun(run) {
      await (await openStewardDb()).put(ROUTINE_RUNS, run);
    },
    async getRun(id) {
      const raw: unknown = await (await openStewardDb()).get(ROUTINE_RUNS, id);
      return raw === undefined ? undefined : readRun(raw);
    },
    async runsOf(routineId) {
      const db = await openStewardDb();
      const runs = (await db.getAllFromIndex(ROUTINE_RUNS, 'routineId', routineId)).map(readRun).filter((run): run is RoutineRun => run !== undefined);
      runs.sort((a, b) => b.queuedAt - a.queuedAt);
      // Old finished runs go; a run still going is never dropped.
      for (const old of runs.slice(RUNS_KEPT)) if (!ACTIVE_RUN_STATUSES.includes(old.status)) await db.delete(ROUTINE_RUNS, old.id);
      return runs.slice(0, RUNS_KEPT);
    },
    async activeRuns() {
      const all = (await (await openStewardDb()).getAll(ROUTINE_RUNS)).map(readRun);
      return all.filter((run): run is RoutineRun => run !== undefined && ACTIVE_RUN_STATUSES.includes(run.status)).sort((a, b) => a.queuedAt - b.queuedAt);
    },
    async removeRunsOf(routineId) {
      const db = await openStewardDb();
      for (const key of await db.getAllKeysFromIndex(ROUTINE_RUNS, 'routineId', routineId)) await db.delete(ROUTINE_RUNS, key);
    },
  };
}
