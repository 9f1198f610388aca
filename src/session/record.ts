import type { Text } from '../i18n/words';
import { withoutOldImages } from '../agent/context';
import type { TaskRecord } from '../store/tasks';

/** How a task ends: its answer, the user's Stop (with why, when Steward stopped it), or an error the user can read. */
export type TaskEnd = { status: 'done'; finalAnswer: string } | { status: 'stopped'; error?: Text | undefined } | { status: 'error'; error: Text };

/** Marks a record as ended: its status, no question pending, running steps stopped, and no screenshots kept in the transcript. */
export function endRecord(record: TaskRecord, end: TaskEnd, now: number): void {
  record.status = end.status;
  record.endedAt = now;
  record.question = undefined;
  record.takenOver = undefined;
  if (end.status === 'done') record.finalAnswer = end.finalAnswer;
  else if (end.error !== undefined) record.error = end.error;
  for (const entry of record.entries) {
    if (entry.kind === 'tool' && entry.status === 'running') {
      entry.status = 'stopped';
      entry.outcome ??= 'Stopped before it finished.';
    }
  }
  // A finished task is kept as a transcript; its screenshots live on as the timeline's thumbnails.
  record.loop.messages = withoutOldImages(record.loop.messages, 0, 0);
}

export function clipOutcome(text: string, member: string): string {
  if (member === 'read_page' || member === 'get_page_text' || member === 'find') {
    const lines = text.split('\n');
    return `${lines.length} lines, ${text.length.toLocaleString('en-US')} characters read`;
  }
  // A pure action's first line is the SDK's acknowledgment ("Clicked."); the line after it says more.
  const lines = text.trim().split('\n');
  const flat = (lines.length > 1 ? lines.slice(1).join('\n') : text).trim();
  return flat.length > 400 ? `${flat.slice(0, 399)}…` : flat;
}
