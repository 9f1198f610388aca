import type { Text } from '../i18n/words';
import type { TaskView } from '../protocol/task';
import { type TaskRecord, usageTextOf } from '../store/tasks';
import { approvalOf } from './questions';

/** What the panel shows that is not stored: it lasts only while the worker that runs the task lives. */
export interface Transient {
  /** What the task waits for right now ("Claude is overloaded, retrying in 8 s."). */
  notice?: Text | undefined;
}

/** The panel's view of a task, derived from its stored record: the one place the two shapes meet. */
export function taskView(record: TaskRecord, transient: Transient = {}): TaskView {
  const usageText = usageTextOf(record);
  return {
    id: record.id,
    prompt: record.prompt,
    status: record.status,
    createdAt: record.createdAt,
    entries: record.entries,
    ...(record.endedAt !== undefined ? { endedAt: record.endedAt } : {}),
    ...(record.finalAnswer !== undefined ? { finalAnswer: record.finalAnswer } : {}),
    ...(record.error !== undefined ? { error: record.error } : {}),
    ...(transient.notice !== undefined && record.status === 'running' ? { notice: transient.notice } : {}),
    ...(usageText !== undefined ? { usageText } : {}),
    // A routine's plan was agreed when the routine was saved: the panel shows only a plan the user approved.
    ...(record.plan && !record.unattended ? { plan: record.plan } : {}),
    ...(record.takenOver ? { takenOver: record.takenOver } : {}),
    ...(record.question ? { approval: approvalOf(record.question) } : {}),
    ...(record.recording ? { recording: true } : {}),
  };
}
