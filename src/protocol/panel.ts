import { z } from 'zod';
import { priceSchema } from '../model/pricing';
import { auditEntrySchema } from '../store/audit';
import { MODES } from '../policy/decide';
import { routineReplySchemas, routineRequestSchemas } from './routines';
import { recordingSchema } from './recording';
import { taskStatusSchema, taskViewSchema } from './task';

export const taskSummarySchema = z.object({
  id: z.string(),
  prompt: z.string(),
  status: taskStatusSchema,
  createdAt: z.number(),
  endedAt: z.number().optional(),
  usageText: z.string().optional(),
});

/**
 * panel -> background requests (chrome.runtime.sendMessage). One schema per message; the
 * background parses each and answers with a Reply envelope.
 */
export const settingsViewSchema = z.object({
  /** Never the key: whether one is saved, and its last four characters. */
  apiKeyHint: z.string(),
  hasApiKey: z.boolean(),
  model: z.string(),
  apiBaseUrl: z.string(),
  allowDevtools: z.boolean(),
  alignmentCheck: z.boolean(),
  alignmentModel: z.string(),
  maxSteps: z.number(),
  maxMinutes: z.number(),
  maxCostUsd: z.number(),
  /** What the selected model costs, and whether that is the user's own figure. */
  price: priceSchema,
  priceIsCustom: z.boolean(),
  sensitiveSites: z.array(z.string()),
  trustedSites: z.array(z.string()),
  defaultMode: z.enum(MODES),
  problems: z.array(z.string()),
  /** What the administrator set through Chrome's managed storage; the panel shows it read-only. */
  admin: z.object({
    /** Per settings field the administrator constrains, why (the budget fields: their ceiling). */
    locked: z.partialRecord(z.enum(['allowDevtools', 'maxSteps', 'maxMinutes', 'maxCostUsd', 'defaultMode']), z.string()),
    sensitiveDomains: z.array(z.string()),
    blockedDomains: z.array(z.string()),
    allowedDomains: z.array(z.string()),
    disabledModes: z.array(z.enum(MODES)),
    disabledMembers: z.array(z.string()),
    /** Values of the policy that were ignored, in plain sentences. */
    problems: z.array(z.string()),
  }),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

export const settingsDraftSchema = z.object({
  /** Empty keeps the saved key. */
  apiKey: z.string().max(400),
  clearApiKey: z.boolean().default(false),
  model: z.string().max(200),
  apiBaseUrl: z.string().max(2000),
  allowDevtools: z.boolean().default(false),
  /** The alignment check's switch and model; left out, the saved ones stay. */
  alignmentCheck: z.boolean().optional(),
  alignmentModel: z.string().max(200).optional(),
  /** Budgets as typed; left out, the saved ones stay. */
  maxSteps: z.number().optional(),
  maxMinutes: z.number().optional(),
  maxCostUsd: z.number().optional(),
  /** The price of the model in the form; left out, the saved prices stay. */
  price: priceSchema.optional(),
  /** One domain per line, as typed; left out, the saved list stays. */
  sensitiveSites: z.string().max(50_000).optional(),
  /** One site per line, as typed; left out, the saved list stays. */
  trustedSites: z.string().max(50_000).optional(),
});
export type SettingsDraft = z.input<typeof settingsDraftSchema>;

export const connectionResultSchema = z.object({ ok: z.boolean(), message: z.string() });
export type ConnectionResult = z.infer<typeof connectionResultSchema>;

export const panelRequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('settings.get') }),
  z.object({ type: z.literal('settings.save'), draft: settingsDraftSchema }),
  z.object({ type: z.literal('connection.test'), draft: settingsDraftSchema }),
  z.object({
    type: z.literal('task.start'),
    prompt: z.string().trim().min(1, 'Type a task first.').max(20_000),
    windowId: z.number().int(),
    /** How much the task asks (src/policy/decide.ts); left out, the user's default mode. */
    mode: z.enum(MODES).optional(),
    /** Keep a screenshot of each action, to export as a GIF; off unless the user turns it on. */
    record: z.boolean().optional(),
  }),
  z.object({ type: z.literal('task.stop'), taskId: z.string() }),
  z.object({ type: z.literal('task.resume'), taskId: z.string() }),
  z.object({ type: z.literal('task.current'), windowId: z.number().int() }),
  z.object({
    type: z.literal('approval.answer'),
    taskId: z.string(),
    approvalId: z.string(),
    approve: z.boolean(),
    /** Approve, and stop asking about ordinary actions on this site for the rest of the task. */
    always: z.boolean().optional(),
    /** Neither: the user does this step in the page, and Steward waits for "Resume". */
    takeOver: z.boolean().optional(),
    note: z.string().max(2000).optional(),
  }),
  z.object({ type: z.literal('audit.list') }),
  z.object({ type: z.literal('audit.verify') }),
  z.object({ type: z.literal('audit.export') }),
  z.object({ type: z.literal('history.list') }),
  z.object({ type: z.literal('history.open'), taskId: z.string() }),
  z.object({ type: z.literal('history.delete'), taskId: z.string() }),
  z.object({ type: z.literal('history.export'), taskId: z.string() }),
  z.object({ type: z.literal('recording.frames'), taskId: z.string() }),
  ...routineRequestSchemas,
]);
export type PanelRequest = z.input<typeof panelRequestSchema>;

/** What each request answers, so both sides read the same shape. */
export const panelReplySchemas = {
  'settings.get': settingsViewSchema,
  'settings.save': z.discriminatedUnion('saved', [
    z.object({ saved: z.literal(true), settings: settingsViewSchema }),
    z.object({ saved: z.literal(false), errors: z.record(z.string(), z.string()) }),
  ]),
  'connection.test': connectionResultSchema,
  'task.start': z.object({ taskId: z.string() }),
  'task.stop': z.object({ stopped: z.boolean() }),
  'task.resume': z.object({ resumed: z.boolean() }),
  'task.current': taskViewSchema.nullable(),
  'approval.answer': z.object({ answered: z.boolean() }),
  'audit.list': z.array(auditEntrySchema),
  'audit.verify': z.union([
    z.object({ ok: z.literal(true), count: z.number() }),
    z.object({ ok: z.literal(false), count: z.number(), brokenAt: z.number(), reason: z.string() }),
  ]),
  'audit.export': z.object({ jsonl: z.string() }),
  'history.list': z.array(taskSummarySchema),
  'history.open': taskViewSchema,
  'history.delete': z.object({ deleted: z.boolean() }),
  'history.export': z.object({ json: z.string() }),
  'recording.frames': recordingSchema,
  ...routineReplySchemas,
} as const;

/** background -> panel, over the long-lived port named "panel". */
export { PANEL_PORT } from './panel-port';

export const panelPushSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('task.state'), task: taskViewSchema.nullable() }),
  /** A streamed piece of the assistant's text, between two full states. */
  z.object({ type: z.literal('task.text'), taskId: z.string(), entryId: z.string(), delta: z.string() }),
  /** A routine or one of its runs changed: the routines view reads them again. */
  z.object({ type: z.literal('routines.changed'), routineId: z.string().optional() }),
]);
export type PanelPush = z.infer<typeof panelPushSchema>;
