import { z } from 'zod';
import { auditEntrySchema } from '../store/audit';
import { MODES } from '../policy/decide';
import { routineReplySchemas, routineRequestSchemas } from './routines';
import { recordingSchema } from './recording';
import { settingsDraftSchema, settingsViewSchema } from './settings';
import { taskStatusSchema, taskViewSchema, textSchema } from './task';

export const taskSummarySchema = z.object({
  id: z.string(),
  prompt: z.string(),
  status: taskStatusSchema,
  createdAt: z.number(),
  endedAt: z.number().optional(),
  usageText: textSchema.optional(),
});

/** The settings view and the form's draft are derived from the settings' definitions (./settings.ts). */
export { settingsDraftSchema, settingsViewSchema, type SettingsDraft, type SettingsView } from './settings';

export const connectionResultSchema = z.object({ ok: z.boolean(), message: textSchema });
export type ConnectionResult = z.infer<typeof connectionResultSchema>;

/**
 * panel -> background requests (chrome.runtime.sendMessage). One schema per message; the
 * background parses each and answers with a Reply envelope.
 */

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
    /** Per field, what is wrong, in words shown beside it. */
    z.object({ saved: z.literal(false), errors: z.record(z.string(), textSchema) }),
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
