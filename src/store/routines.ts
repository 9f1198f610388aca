import { z } from 'zod';
import { inEnglish } from '../i18n/english';
import { issueWords } from '../i18n/issues';
import { type MessageKey, msg, type Text, type Words, words } from '../i18n/words';
import { hostMatches, SITE_PATTERN } from '../policy/sites';
import { approvalSchema, textSchema } from '../protocol/task';
import type { DiffLine } from '../routines/result-diff';
import { isTimeZone, SCHEDULE_PART_LABELS, scheduleSchema } from '../routines/schedule';
import { traceSchema } from '../routines/trace';
import { readStored, type VersionedItem } from './versioned';

/**
 * Routines as stored and as exported. A routine's definition (what the user wrote) is what
 * import and export carry; its state (paused, when it last ran) stays with the stored copy.
 * Everything read back is validated, and every error names the routine and the field.
 */
export const ROUTINE_VERSION = 1;
export const ROUTINE_RUN_VERSION = 1;
export const EXPORT_FORMAT = 'steward.routines';

const hostname = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => SITE_PATTERN.test(value), { message: msg('invalid_site_list'), params: { args: ['shop.example.com'] } });

const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, msg('invalid_start_url'));

export const routineBudgetSchema = z.object({
  maxSteps: z.number({ error: msg('invalid_number') }).int(msg('invalid_whole_number')).min(1, msg('invalid_at_least')).max(1000, msg('invalid_at_most')).default(30),
  maxMinutes: z.number({ error: msg('invalid_number') }).min(1, msg('invalid_at_least')).max(24 * 60, msg('invalid_at_most')).default(10),
  maxCostUsd: z.number({ error: msg('invalid_number') }).min(0.01, msg('invalid_at_least')).max(1000, msg('invalid_at_most')).default(1),
});
export type RoutineBudget = z.output<typeof routineBudgetSchema>;

export const notifySchema = z.enum(['always', 'failure', 'changed']);
export type NotifySetting = z.output<typeof notifySchema>;

export const replaySettingSchema = z.enum(['when-possible', 'never']);
export type ReplaySetting = z.output<typeof replaySettingSchema>;

export const routineDefinitionSchema = z
  .object({
    name: z.string().trim().min(1, msg('invalid_empty')).max(100, msg('invalid_longer_than')),
    prompt: z.string().trim().min(1, msg('invalid_empty')).max(20_000, msg('invalid_longer_than')),
    startUrl: httpUrl,
    schedule: scheduleSchema,
    timeZone: z.string().refine(isTimeZone, msg('invalid_time_zone')),
    /** The sites the routine may act on: its approved plan. Sensitive sites and risky actions still ask. */
    sites: z.array(hostname).min(1, msg('invalid_no_site')).max(50, msg('invalid_too_many_sites')),
    budget: routineBudgetSchema.default({ maxSteps: 30, maxMinutes: 10, maxCostUsd: 1 }),
    notify: notifySchema.default('failure'),
    /** Whether a run replays the last good run's trace without the model when it can, or always asks Claude. */
    replay: replaySettingSchema.default('when-possible'),
  })
  .superRefine((routine, ctx) => {
    let host: string | undefined;
    try {
      host = new URL(routine.startUrl).hostname.toLowerCase();
    } catch {
      return;
    }
    if (!routine.sites.some((site) => hostMatches(host, site))) {
      ctx.addIssue({ code: 'custom', path: ['sites'], message: msg('invalid_sites_start'), params: { args: [host] } });
    }
  });
export type RoutineDefinition = z.output<typeof routineDefinitionSchema>;
export type RoutineDefinitionInput = z.input<typeof routineDefinitionSchema>;

export const runStatusSchema = z.enum(['queued', 'running', 'waiting', 'done', 'failed', 'stopped', 'needs-attention']);
export type RunStatus = z.output<typeof runStatusSchema>;

export const routineSchema = z.object({
  version: z.literal(ROUTINE_VERSION),
  id: z.string().min(1),
  definition: routineDefinitionSchema,
  paused: z.boolean().default(false),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** When the schedule was last saved or resumed: scheduled times before it were never due. */
  scheduledSince: z.number(),
  /** The scheduled time the last scheduled run was started for; each time runs at most once. */
  lastScheduledFor: z.number().optional(),
  lastRun: z.object({ id: z.string(), status: runStatusSchema, at: z.number() }).optional(),
});
export type Routine = z.output<typeof routineSchema>;

const diffLineSchema = z.object({ op: z.enum(['same', 'added', 'removed']), text: z.string() });

export const runReplaySchema = z.object({
  kind: z.enum(['replayed', 'replayed-then-claude', 'claude']),
  /** The first step Claude did (1-based), after a divergence. */
  fromStep: z.number().int().positive().optional(),
  modelCalls: z.number().int().nonnegative(),
  tokens: z.number().int().nonnegative().default(0),
  /** A replay whose regions read the same: the result is the previous one. */
  unchanged: z.boolean().optional(),
});
export type RunReplay = z.output<typeof runReplaySchema>;

export const routineRunSchema = z.object({
  version: z.literal(ROUTINE_RUN_VERSION),
  id: z.string(),
  routineId: z.string(),
  trigger: z.enum(['schedule', 'catch-up', 'manual']),
  /** The scheduled time this run stands for (a catch-up stands for the latest missed one). */
  scheduledFor: z.number().optional(),
  status: runStatusSchema,
  queuedAt: z.number(),
  startedAt: z.number().optional(),
  endedAt: z.number().optional(),
  /** The task that did the work: its transcript is the run's transcript. */
  taskId: z.string().optional(),
  windowId: z.number().optional(),
  costUsd: z.number().default(0),
  usageText: textSchema.optional(),
  result: z.string().optional(),
  error: textSchema.optional(),
  /** What the run is waiting for, or waited for when it ended as "needs attention". */
  waitingFor: z.string().optional(),
  waitingSince: z.number().optional(),
  /** The approval the run waits for, as the panel's approval card shows it. */
  approval: approvalSchema.optional(),
  /** Against the previous finished run's result. */
  changed: z.boolean().optional(),
  diff: z.array(diffLineSchema).optional(),
  /** Whether a result notification was shown, per the routine's notify setting. */
  notified: z.boolean().optional(),
  /** "Run now" with Claude: this run does not replay, whatever the routine's setting. */
  askClaude: z.boolean().optional(),
  /** How the run was done: replayed, replayed then Claude from a step, or Claude; its model calls and tokens. */
  replay: runReplaySchema.optional(),
  /** What the run did, for the next run to replay (src/routines/trace.ts); absent when it cannot be replayed. */
  trace: traceSchema.optional(),
  /** Why the run left no trace, when it finished without one. */
  traceMissing: z.string().optional(),
});
export type RoutineRun = z.output<typeof routineRunSchema>;
export type { DiffLine };

export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ['queued', 'running', 'waiting'];

/** A stored routine's versions: raise ROUTINE_VERSION with a migration from the version before. */
export const routineItem: VersionedItem<Routine> = { name: 'routine', version: ROUTINE_VERSION, schema: routineSchema, migrations: {} };
export const routineRunItem: VersionedItem<RoutineRun> = { name: 'routine run', version: ROUTINE_RUN_VERSION, schema: routineRunSchema, migrations: {} };

/** Parses a stored routine, older versions migrated; one that fails is reported and skipped, never trusted. */
export function readRoutine(raw: unknown): Routine | undefined {
  return readStored(routineItem, raw);
}

export function readRun(raw: unknown): RoutineRun | undefined {
  return readStored(routineRunItem, raw);
}

/** Each field as the routine form labels it; a part of the schedule or budget by its own input's label. */
const FIELD_LABELS: Record<string, MessageKey> = {
  name: msg('routine_name'),
  prompt: msg('routine_prompt'),
  startUrl: msg('routine_start_url'),
  schedule: msg('routine_schedule'),
  timeZone: msg('routine_time_zone'),
  sites: msg('routine_sites'),
  budget: msg('routine_budget'),
  notify: msg('notify_me'),
  replay: msg('replay_setting'),
};
const PART_LABELS: Record<string, MessageKey> = {
  ...SCHEDULE_PART_LABELS,
  maxSteps: msg('max_steps'),
  maxMinutes: msg('max_minutes'),
  maxCostUsd: msg('max_cost'),
};

/** "Time must be ...", "Sites it may act on (item 2) must be ...": the field as the form labels it, in words. */
function describeIssue(issue: z.core.$ZodIssue): { field: string; message: Words } {
  const [head, ...rest] = issue.path;
  const field = typeof head === 'string' ? head : '';
  let label: Text = FIELD_LABELS[field] ? words(FIELD_LABELS[field]) : field || words('routine_the_routine');
  for (const part of rest) {
    if (typeof part === 'number') label = words('field_item', label, part + 1);
    else label = PART_LABELS[String(part)] ? words(PART_LABELS[String(part)]!) : String(part);
  }
  if (issue.code === 'invalid_union' && field === 'schedule') return { field, message: words('invalid_schedule_kind', words(msg('routine_schedule'))) };
  if (issue.code === 'invalid_value' && field === 'notify') return { field, message: words('invalid_notify', label) };
  return { field, message: issueWords(issue, label, rest.at(-1) === 'maxCostUsd' ? 'usd' : undefined) };
}

export type DefinitionValidation = { ok: true; definition: RoutineDefinition } | { ok: false; errors: Record<string, Words> };

/** Validates a routine from the form; one message per field, named as the form labels it, in words for the reader's language. */
export function validateRoutineDefinition(input: unknown): DefinitionValidation {
  const parsed = routineDefinitionSchema.safeParse(input);
  if (parsed.success) return { ok: true, definition: parsed.data };
  const errors: Record<string, Words> = {};
  for (const issue of parsed.error.issues) {
    const { field, message } = describeIssue(issue);
    errors[field || 'routine'] ??= message;
  }
  return { ok: false, errors };
}

export interface RoutineExport {
  format: typeof EXPORT_FORMAT;
  version: typeof ROUTINE_VERSION;
  exportedAt: string;
  routines: Array<RoutineDefinition & { paused?: boolean }>;
}

export function exportRoutines(routines: readonly Routine[], now = new Date()): string {
  const file: RoutineExport = {
    format: EXPORT_FORMAT,
    version: ROUTINE_VERSION,
    exportedAt: now.toISOString(),
    routines: routines.map((routine) => ({ ...routine.definition, paused: routine.paused })),
  };
  return JSON.stringify(file, null, 2);
}

export type ImportResult = { ok: true; routines: Array<{ definition: RoutineDefinition; paused: boolean }> } | { ok: false; errors: Text[] };

const MAX_IMPORTED = 200;

/**
 * Reads an export file. Nothing is imported unless every routine in it is valid; each error
 * names the routine by its position and name and says which field is wrong and how.
 */
export function parseRoutineImport(text: string): ImportResult {
  const refuse = (error: Words): ImportResult => ({ ok: false, errors: [error] });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return refuse(words('import_not_json', error instanceof Error ? error.message : String(error)));
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || (raw as { format?: unknown }).format !== EXPORT_FORMAT) {
    return refuse(words('import_not_export', EXPORT_FORMAT));
  }
  const file = raw as { version?: unknown; routines?: unknown };
  if (file.version !== ROUTINE_VERSION) return refuse(words('import_version', JSON.stringify(file.version) ?? 'none', ROUTINE_VERSION));
  if (!Array.isArray(file.routines)) return refuse(words('import_no_list'));
  if (file.routines.length === 0) return refuse(words('import_empty'));
  if (file.routines.length > MAX_IMPORTED) return refuse(words('import_too_many', MAX_IMPORTED));

  const errors: Text[] = [];
  const routines: Array<{ definition: RoutineDefinition; paused: boolean }> = [];
  file.routines.forEach((entry: unknown, index) => {
    const name = typeof entry === 'object' && entry !== null && typeof (entry as { name?: unknown }).name === 'string' ? (entry as { name: string }).name.trim() : '';
    const which = name ? words('import_routine_named', index + 1, name) : words('import_routine', index + 1);
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      errors.push(words('import_not_object', which));
      return;
    }
    const validation = validateRoutineDefinition(entry);
    if (!validation.ok) {
      for (const message of Object.values(validation.errors)) errors.push(words('import_field_error', which, message));
      return;
    }
    const paused = (entry as { paused?: unknown }).paused;
    routines.push({ definition: validation.definition, paused: paused === true });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, routines };
}
