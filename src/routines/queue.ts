/**
 * Which routine runs may start: one run per routine at a time, at most `limit` runs at once, and
 * the rest wait in first-come order. Pure: each call takes a state and returns the next one with
 * the routines to start now, so the worker can keep the state in storage between its lives.
 */
export interface RunQueue {
  running: string[];
  waiting: string[];
}

export type Admission = 'started' | 'queued' | 'already-running' | 'already-queued';

export const emptyQueue = (): RunQueue => ({ running: [], waiting: [] });

/** Asks for a run of `routineId`; a routine that is running or waiting is not added twice. */
export function admit(queue: RunQueue, routineId: string, limit: number): { queue: RunQueue; admission: Admission; start: string[] } {
  if (queue.running.includes(routineId)) return { queue, admission: 'already-running', start: [] };
  if (queue.waiting.includes(routineId)) return { queue, admission: 'already-queued', start: [] };
  if (queue.running.length < Math.max(1, limit)) {
    return { queue: { running: [...queue.running, routineId], waiting: queue.waiting }, admission: 'started', start: [routineId] };
  }
  return { queue: { running: queue.running, waiting: [...queue.waiting, routineId] }, admission: 'queued', start: [] };
}

/** A run ended (or a waiting one was withdrawn): the next waiting runs start while there is room. */
export function release(queue: RunQueue, routineId: string, limit: number): { queue: RunQueue; start: string[] } {
  const running = queue.running.filter((id) => id !== routineId);
  const waiting = queue.waiting.filter((id) => id !== routineId);
  const start: string[] = [];
  while (running.length < Math.max(1, limit) && waiting.length > 0) {
    const next = waiting.shift()!;
    running.push(next);
    start.push(next);
  }
  return { queue: { running, waiting }, start };
}
