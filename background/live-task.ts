import type { TaskSession } from '../src/session/session';
import type { AuditRecord } from '../src/store/audit';
import type { ChromeDriver } from './driver/chrome-driver';

export type { Answer } from '../src/session/questions';

/** How one tool call was decided, for its audit entry. */
export interface Decision {
  decision: AuditRecord['decision'];
  decidedBy: AuditRecord['decidedBy'];
  url?: string | undefined;
  password: boolean;
}

/** A task the worker is running: its session (which owns the record), its driver, and how its calls were decided. */
export interface LiveTask {
  session: TaskSession;
  driver: ChromeDriver;
  /** Per tool call: how it was decided, for its audit entry. */
  decisions: Map<string, Decision>;
}
