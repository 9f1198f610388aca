import type { BetaMessageParam, BetaToolResultBlockParam } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { z } from 'zod';
import { formatUsage, usageSchema } from '../model/pricing';
import { alignmentRecordSchema } from '../policy/alignment-check';
import { MODES } from '../policy/decide';
import { entrySchema, planSchema, taskStatusSchema, textSchema } from '../protocol/task';
import type { Text, Words } from '../i18n/words';
import { pendingQuestionSchema, questionFromApproval } from '../session/questions';
import { traceDraftSchema, traceSchema } from '../routines/trace';
import { readStored, type VersionedItem } from './versioned';

/**
 * A task as stored: its timeline, the question it waits on, the conversation and loop state to
 * resume from, the tabs it owns, and what it cost. Validated whenever it is read back. The panel's
 * view (src/protocol/task.ts) is derived from it (src/session/view.ts), so the panel can change
 * without changing what is stored.
 */
export const TASK_RECORD_VERSION = 2;

const storedMessageSchema = z.looseObject({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]),
});
const storedResultSchema = z.looseObject({ type: z.literal('tool_result'), tool_use_id: z.string() });

export const taskRecordSchema = z.object({
  version: z.literal(TASK_RECORD_VERSION),
  id: z.string(),
  prompt: z.string(),
  status: taskStatusSchema,
  /** When the user asked (the panel's time); `startedAt` is when the task's budget started. */
  createdAt: z.number(),
  endedAt: z.number().optional(),
  /** The timeline: the user's words, Claude's, and each tool call. */
  entries: z.array(entrySchema),
  finalAnswer: z.string().optional(),
  /** Why the task ended early, in words the user can act on. */
  error: textSchema.optional(),
  /** The question the task waits on, if any. */
  question: pendingQuestionSchema.optional(),
  /** Set while the user has taken over the page: the task waits for "Resume". */
  takenOver: z.object({ toolUseId: z.string(), since: z.number() }).optional(),
  /** A screenshot of each action is kept (background/recording/), to export as a GIF. */
  recording: z.boolean().optional(),
  model: z.string(),
  /** How much this task asks before acting (src/policy/decide.ts). */
  // Tasks stored before the plan mode said 'ask-risky' for what is now 'act'.
  mode: z.preprocess((value) => (value === 'ask-risky' ? 'act' : value), z.enum(MODES)).default('act'),
  /** Sites where the user said "always allow" during this task. */
  allowedSites: z.array(z.string()).default([]),
  /** The plan the user approved ('plan' mode), or a routine's agreed sites; absent until there is one. */
  plan: planSchema.optional(),
  /** A routine's own budget, over Settings' (routines, issue 6). */
  budget: z.object({ maxSteps: z.number(), maxMinutes: z.number(), maxCostUsd: z.number() }).optional(),
  /** Started by a routine: nobody watches, and its plan (the routine's sites) was agreed when the routine was saved. */
  unattended: z.boolean().optional(),
  startedAt: z.number(),
  tabs: z.object({
    windowId: z.number(),
    tabIds: z.array(z.number()),
    currentTabId: z.number().optional(),
    groupId: z.number().optional(),
    nextRef: z.record(z.string(), z.number()),
    frames: z.record(z.string(), z.unknown()).optional(),
  }),
  loop: z.object({
    // The conversation is the API's own shape: its outline is checked here, the rest by the API when it is sent again.
    messages: z.array(z.custom<BetaMessageParam>((value) => storedMessageSchema.safeParse(value).success, 'is not a message of the conversation')),
    pendingResults: z.array(z.custom<BetaToolResultBlockParam>((value) => storedResultSchema.safeParse(value).success, 'is not a tool result')),
    inFlight: z.string().optional(),
    steps: z.number().int().nonnegative(),
  }),
  usage: usageSchema,
  /** The alignment checks' verdicts and calls; their tokens are in `usage`. */
  alignment: alignmentRecordSchema.optional(),
  /** A routine run's calls as the trace recorder saw them (src/routines/recorder.ts). */
  traceDraft: traceDraftSchema.optional(),
  /** The recorded run a routine run replays (src/routines/replay.ts); absent when Claude does the run. */
  replay: z.object({ trace: traceSchema, previousResult: z.string(), prompt: z.string() }).optional(),
});
export type TaskRecord = z.infer<typeof taskRecordSchema>;

export interface TaskSummary {
  id: string;
  prompt: string;
  status: TaskRecord['status'];
  createdAt: number;
  endedAt?: number | undefined;
  usageText?: Text | undefined;
}

/** The task store port: IndexedDB in the extension, a Map in unit tests. */
export interface TaskStore {
  put(record: TaskRecord): Promise<void>;
  get(id: string): Promise<TaskRecord | undefined>;
  remove(id: string): Promise<void>;
  /** Newest first. */
  list(): Promise<TaskSummary[]>;
  /** Records whose task was running when last written: to resume. */
  unfinished(): Promise<TaskRecord[]>;
}

/** The stored task's versions: raise TASK_RECORD_VERSION with a migration from the version before. */
export const taskRecordItem: VersionedItem<TaskRecord> = {
  name: 'task',
  version: TASK_RECORD_VERSION,
  schema: taskRecordSchema,
  migrations: { 1: panelViewApart },
};

/**
 * Version 1 stored the panel's view inside the record (`view`), with the question as the panel's
 * approval card, its kind encoded in the tool-use id. Version 2 keeps the task's own fields and the
 * question as a discriminated union; what only the panel needs (the notice, the usage text) is
 * derived or transient.
 */
function panelViewApart(record: Record<string, unknown>): Record<string, unknown> {
  const { view, ...rest } = record as { view?: Record<string, unknown> } & Record<string, unknown>;
  if (!view || typeof view !== 'object') throw new Error('the record has no view');
  const approval = view.approval as Parameters<typeof questionFromApproval>[0] | undefined;
  const own = (key: string) => (view[key] !== undefined ? { [key]: view[key] } : {});
  return {
    ...rest,
    prompt: view.prompt,
    status: view.status,
    createdAt: view.createdAt,
    ...own('endedAt'),
    entries: view.entries,
    ...own('finalAnswer'),
    ...own('error'),
    ...own('takenOver'),
    ...own('recording'),
    ...(approval ? { question: { id: approval.id, requestedAt: approval.requestedAt, question: questionFromApproval(approval) } } : {}),
  };
}

/** Parses what storage gave back, older versions migrated; a record that fails is reported, not trusted. */
export function readRecord(raw: unknown): TaskRecord | undefined {
  return readStored(taskRecordItem, raw);
}

export function summaryOf(record: TaskRecord): TaskSummary {
  return {
    id: record.id,
    prompt: record.prompt,
    status: record.status,
    createdAt: record.createdAt,
    endedAt: record.endedAt,
    usageText: usageTextOf(record),
  };
}

export function memoryTaskStore(): TaskStore & { records: Map<string, unknown> } {
  const records = new Map<string, unknown>();
  return {
    records,
    async put(record) {
      records.set(record.id, structuredClone(record));
    },
    async get(id) {
      return readRecord(structuredClone(records.get(id)));
    },
    async remove(id) {
      records.delete(id);
    },
    async list() {
      return [...records.values()].map(readRecord).filter((r): r is TaskRecord => r !== undefined).map(summaryOf).sort((a, b) => b.createdAt - a.createdAt);
    },
    async unfinished() {
      return [...records.values()].map(readRecord).filter((r): r is TaskRecord => r?.status === 'running');
    },
  };
}

/** Tokens and cost so far, in the panel's words; nothing before the first model turn or check. */
export function usageTextOf(record: Pick<TaskRecord, 'usage' | 'alignment'>): Words | undefined {
  const { usage, alignment } = record;
  const used = usage.input + usage.output + usage.cacheRead + usage.cacheWrite + usage.costUsd > 0 || (alignment?.calls ?? 0) > 0;
  return used ? formatUsage(usage, alignment?.calls) : undefined;
}
