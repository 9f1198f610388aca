import type { BetaMessageParam, BetaToolResultBlockParam } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { z } from 'zod';
import { usageSchema } from '../model/pricing';
import { alignmentRecordSchema } from '../policy/alignment-check';
import { MODES } from '../policy/decide';
import { planSchema, taskViewSchema } from '../protocol/task';
import { traceDraftSchema, traceSchema } from '../routines/trace';
import { readStored, type VersionedItem } from './versioned';

/**
 * A task as stored: what the panel shows, the conversation and loop state to resume from, the
 * tabs it owns, and what it cost. Validated whenever it is read back.
 */
export const TASK_RECORD_VERSION = 1;

const storedMessageSchema = z.looseObject({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]),
});
const storedResultSchema = z.looseObject({ type: z.literal('tool_result'), tool_use_id: z.string() });

export const taskRecordSchema = z.object({
  version: z.literal(TASK_RECORD_VERSION),
  id: z.string(),
  view: taskViewSchema,
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
  status: TaskRecord['view']['status'];
  createdAt: number;
  endedAt?: number | undefined;
  usageText?: string | undefined;
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
  migrations: {},
};

/** Parses what storage gave back, older versions migrated; a record that fails is reported, not trusted. */
export function readRecord(raw: unknown): TaskRecord | undefined {
  return readStored(taskRecordItem, raw);
}

export function summaryOf(record: TaskRecord): TaskSummary {
  return {
    id: record.id,
    prompt: record.view.prompt,
    status: record.view.status,
    createdAt: record.view.createdAt,
    endedAt: record.view.endedAt,
    usageText: record.view.usageText,
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
      return [...records.values()].map(readRecord).filter((r): r is TaskRecord => r?.view.status === 'running');
    },
  };
}
