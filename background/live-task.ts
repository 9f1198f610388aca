import type { TaskSession } from '../src/session/session';
import type { Decision } from '../src/session/accounts';
import type { ChromeDriver } from './driver/chrome-driver';

export type { Answer } from '../src/session/questions';

export type { Decision } from '../src/session/accounts';

/** A task the worker is running: its session (which owns the record), its driver, and how its calls were decided. */
export interface LiveTask {
  session: TaskSession;
  driver: ChromeDriver;
  /** Per tool call: how it was decided, for its audit entry. */
  decisions: Map<string, Decision>;
}
