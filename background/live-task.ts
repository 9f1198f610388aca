import type { AuditRecord } from '../src/store/audit';
import type { Approval } from '../src/protocol/task';
import type { TaskRecord } from '../src/store/tasks';
import type { ChromeDriver } from './driver/chrome-driver';

export interface Answer {
  approve: boolean;
  always?: boolean | undefined;
  note?: string | undefined;
  /** The user does this step in the page instead; the task waits for "Resume". */
  takeOver?: boolean | undefined;
}

/** A task the worker is running: its record, its driver, and what it waits for. */
export interface LiveTask {
  record: TaskRecord;
  controller: AbortController;
  driver: ChromeDriver;
  keepalive: ReturnType<typeof setInterval>;
  streaming?: { id: string; text: string } | undefined;
  /** The answer the pending approval waits for. */
  answer?: ((answer: Answer) => void) | undefined;
  /** The question being asked: one at a time, since a download can ask while another approval waits. */
  asking: Promise<void>;
  /** Hands control back after the user took over. */
  resume?: (() => void) | undefined;
  /** What the user answered while a resumed task was still on its way back to the question. */
  early?: { answer?: { approvalId: string; answer: Answer }; resume?: boolean } | undefined;
  /** Per tool call: how it was decided, for its audit entry. */
  decisions: Map<string, { decision: AuditRecord['decision']; decidedBy: AuditRecord['decidedBy']; url?: string | undefined; password: boolean }>;
  /** Navigations the page started by itself and the guard stopped, for the model to read with the next results. */
  stoppedNavigations: string[];
}

/** Who else wants to know when a task waits for the user, gets an answer, or ends. */
export interface TaskListeners {
  onApprovalRequested?: (record: TaskRecord, approval: Approval) => void;
  onApprovalAnswered?: (record: TaskRecord) => void;
  onFinished?: (record: TaskRecord) => void;
  /** A tool call starts (true) or ends (false): routines keep a run's input from taking the user's focus. */
  onActing?: (record: TaskRecord, acting: boolean) => void;
  /** Before a tool call runs, awaited: the network rules for the task's tabs are brought up to date. */
  beforeAction?: () => Promise<void>;
}
