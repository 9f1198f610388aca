import { type IDBPDatabase, openDB } from 'idb';
import { type Recording, type RecordingFrame, recordingFrameSchema } from '../../src/protocol/recording';

/**
 * Recorded frames live in an IndexedDB database of their own, apart from the tasks: a task's record
 * is rewritten at every step, and screenshots must not ride along. Bounded: a task keeps at most
 * MAX_FRAMES, and only the MAX_RECORDINGS most recent recordings are kept.
 */
export const MAX_FRAMES = 60;
export const MAX_RECORDINGS = 10;

const FRAMES = 'frames';
let db: Promise<IDBPDatabase> | undefined;

function open(): Promise<IDBPDatabase> {
  return (db ??= openDB('steward-recordings', 1, {
    upgrade(database) {
      database.createObjectStore(FRAMES, { autoIncrement: true }).createIndex('taskId', 'taskId');
    },
  }));
}

type StoredFrame = RecordingFrame & { taskId: string };

/** Adds a frame to a task's recording; false when the recording is full and the frame was not kept. */
export async function addFrame(taskId: string, frame: RecordingFrame): Promise<boolean> {
  const database = await open();
  const count = await database.countFromIndex(FRAMES, 'taskId', taskId);
  if (count >= MAX_FRAMES) return false;
  if (count === 0) await dropOldRecordings(database, MAX_RECORDINGS - 1);
  await database.add(FRAMES, { ...frame, taskId } satisfies StoredFrame);
  return true;
}

/** A task's frames, oldest first, each checked as it is read back. */
export async function readRecording(taskId: string): Promise<Recording> {
  const stored: unknown[] = await (await open()).getAllFromIndex(FRAMES, 'taskId', taskId);
  const frames = stored.flatMap((raw) => {
    const frame = recordingFrameSchema.safeParse(raw);
    return frame.success ? [frame.data] : [];
  });
  return { frames: frames.sort((a, b) => a.at - b.at), truncated: frames.length >= MAX_FRAMES };
}

export async function deleteRecording(taskId: string): Promise<void> {
  const database = await open();
  const transaction = database.transaction(FRAMES, 'readwrite');
  for (const key of await transaction.store.index('taskId').getAllKeys(taskId)) await transaction.store.delete(key);
  await transaction.done;
}

/** Keeps the `keep` most recent recordings (by their first frame) and deletes the others. */
async function dropOldRecordings(database: IDBPDatabase, keep: number): Promise<void> {
  const firstFrameAt = new Map<string, number>();
  let cursor = await database.transaction(FRAMES).store.openCursor();
  while (cursor) {
    const { taskId, at } = cursor.value as StoredFrame;
    if (!firstFrameAt.has(taskId) || at < firstFrameAt.get(taskId)!) firstFrameAt.set(taskId, at);
    cursor = await cursor.continue();
  }
  const oldest = [...firstFrameAt].sort((a, b) => b[1] - a[1]).slice(keep);
  for (const [taskId] of oldest) await deleteRecording(taskId);
}
