import { z } from 'zod';

/** background -> content script requests (chrome.tabs.sendMessage to one frame). */
export const contentRequestSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('snapshot'),
    filter: z.enum(['visible', 'interactive', 'all']),
    depth: z.number().int().min(1).max(100),
    ref: z.string().optional(),
    maxChars: z.number().int().positive(),
    /** The first ref number this document may hand out: refs are never reused within a tab. */
    nextRef: z.number().int().positive(),
  }),
  z.object({ type: z.literal('pageText'), maxChars: z.number().int().positive() }),
  z.object({ type: z.literal('locate'), ref: z.string() }),
  z.object({ type: z.literal('formInput'), ref: z.string(), value: z.union([z.string(), z.number(), z.boolean()]) }),
  z.object({ type: z.literal('pageInfo') }),
]);
export type ContentRequest = z.infer<typeof contentRequestSchema>;

export const contentReplySchemas = {
  snapshot: z.object({ text: z.string(), nextRef: z.number().int().positive() }),
  pageText: z.object({ text: z.string() }),
  locate: z.object({
    x: z.number(),
    y: z.number(),
    description: z.string(),
  }),
  formInput: z.object({ message: z.string() }),
  pageInfo: z.object({
    url: z.string(),
    title: z.string(),
    status: z.number().optional(),
    viewport: z.object({ width: z.number(), height: z.number() }),
  }),
} as const;

export type ContentReply<T extends ContentRequest['type']> = z.infer<(typeof contentReplySchemas)[T]>;

/** Errors the content script throws that the model should read as they are. */
export const PAGE_ERROR = 'PageError';
