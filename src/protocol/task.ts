import { z } from 'zod';
import english from '../../public/_locales/en/messages.json';
import type { MessageKey, Text } from '../i18n/words';

const MESSAGE_KEYS = Object.keys(english) as [MessageKey, ...MessageKey[]];

/** Words the panel shows in the reader's language (src/i18n/words.ts), or plain text: model output and older records. */
const amountSchema = z.object({ amount: z.number(), unit: z.enum(['usd', 'tokens']).optional() }).readonly();
export const textSchema: z.ZodType<Text> = z.union([z.string(), z.lazy(() => z.object({ key: z.enum(MESSAGE_KEYS), args: z.array(z.union([textSchema, amountSchema])).readonly() }).readonly())]);

/** One tool call as the timeline shows it. */
export const toolEntrySchema = z.object({
  kind: z.literal('tool'),
  id: z.string(),
  member: z.string(),
  /** What it acted on, in words: `ref_3`, `(120, 40)`, a URL, the text typed. */
  target: z.string(),
  status: z.enum(['running', 'ok', 'error', 'stopped']),
  /** The result in one or two lines, or the error the model read. */
  outcome: z.string().optional(),
  /** The element it acted on, as the page's accessibility tree names it, where that is known. */
  element: z.object({ role: z.string(), name: z.string() }).optional(),
  /** A small JPEG data URL for members that return an image. */
  thumbnail: z.string().optional(),
  startedAt: z.number(),
  endedAt: z.number().optional(),
});

export const textEntrySchema = z.object({
  kind: z.enum(['user', 'assistant']),
  id: z.string(),
  text: z.string(),
});

export const entrySchema = z.discriminatedUnion('kind', [toolEntrySchema, textEntrySchema]);

export const taskStatusSchema = z.enum(['running', 'done', 'stopped', 'error']);

/** A plan Claude proposes in the "Ask before acting" mode: what it will do, and the sites it needs. */
export const planSchema = z.object({
  summary: z.string(),
  steps: z.array(z.string()),
  sites: z.array(z.string()),
});
export type Plan = z.infer<typeof planSchema>;

/** An action waiting for the user's yes, as the approval card shows it. */
export const approvalSchema = z.object({
  id: z.string(),
  toolUseId: z.string(),
  member: z.string(),
  /** What it would act on, in words: `button "Pay now"`, a URL, the text to type. */
  target: z.string(),
  url: z.string().optional(),
  reason: textSchema,
  /** The site "Always allow on this site" would add, when that answer is offered at all. */
  alwaysAllowSite: z.string().optional(),
  /** The plan to approve, when that is the question. */
  plan: planSchema.optional(),
  /** The part of the page around the target, the target outlined: a JPEG data URL. */
  preview: z.string().optional(),
  /** 'alignment': the alignment check doubted that the action serves the task (src/policy/alignment.ts). */
  kind: z.enum(['alignment']).optional(),
  /** Whether the user may take over instead: offered for actions on a page. */
  canTakeOver: z.boolean().optional(),
  requestedAt: z.number(),
});
export type Approval = z.infer<typeof approvalSchema>;

export const taskViewSchema = z.object({
  id: z.string(),
  prompt: z.string(),
  status: taskStatusSchema,
  createdAt: z.number(),
  endedAt: z.number().optional(),
  entries: z.array(entrySchema),
  /** The model's final answer, in markdown. */
  finalAnswer: z.string().optional(),
  /** Why the task ended early, in words the user can act on. */
  error: textSchema.optional(),
  /** What the task waits for right now ("Claude is overloaded, retrying in 8 s."). */
  notice: textSchema.optional(),
  /** Tokens and cost so far: "12.3k in (10.1k cached) · 1.2k out · $0.04". */
  /** Tokens and cost, in words (plain text in records older than words). */
  usageText: textSchema.optional(),
  /** The plan the user approved, shown above the timeline. */
  plan: planSchema.optional(),
  /** Set while the user has taken over the page: the task waits for "Resume". */
  takenOver: z.object({ toolUseId: z.string(), since: z.number() }).optional(),
  /** The action waiting for the user's answer, if any. */
  approval: approvalSchema.optional(),
  /** The user turned recording on for this task: a screenshot of each action is kept, to export as a GIF. */
  recording: z.boolean().optional(),
});

export type ToolEntry = z.infer<typeof toolEntrySchema>;
export type TextEntry = z.infer<typeof textEntrySchema>;
export type Entry = z.infer<typeof entrySchema>;
export type TaskStatus = z.infer<typeof taskStatusSchema>;
export type TaskView = z.infer<typeof taskViewSchema>;
