import { z } from 'zod';

const point = z.object({ x: z.number(), y: z.number() });

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
    /** A child frame's snapshot is stitched into its parent's: no header or footer. */
    embedded: z.boolean().default(false),
  }),
  // `dialogs`: also list the dialogs open in the document (a routine's replay compares them; find does not need them).
  z.object({ type: z.literal('findCandidates'), nextRef: z.number().int().positive(), limit: z.number().int().positive(), dialogs: z.boolean().optional() }),
  z.object({ type: z.literal('pageText'), maxChars: z.number().int().positive() }),
  z.object({ type: z.literal('locate'), ref: z.string() }),
  z.object({ type: z.literal('scrollTo'), ref: z.string() }),
  z.object({ type: z.literal('describe'), ref: z.string() }),
  z.object({ type: z.literal('markForUpload'), ref: z.string(), token: z.string() }),
  /** Where a child frame's iframe sits in this frame, and whether it is on top at `point`. */
  z.object({ type: z.literal('frameRect'), token: z.string(), scrollIntoView: z.boolean(), point: point.optional() }),
  z.object({ type: z.literal('formInput'), ref: z.string(), value: z.union([z.string(), z.number(), z.boolean()]) }),
  z.object({ type: z.literal('pageInfo') }),
  /** The element with the keyboard focus in this frame, described as `describe` describes a ref; null when none. */
  z.object({ type: z.literal('focused') }),
]);
export type ContentRequest = z.input<typeof contentRequestSchema>;

/** A child frame found while reading: its placeholder line in `text` is replaced by its own snapshot. */
export const childFrameSchema = z.object({ token: z.string(), placeholder: z.string(), indent: z.number().int() });

/**
 * One step down from a document to a frame in it: the iframe as its parent shows it (where it
 * loads from, as a URL pattern, its name and title) and which of its parent's frames with those
 * same three it is. A frame keeps these across reloads; its frame id and token it does not.
 */
export const frameStepSchema = z.object({
  url: z.string(),
  name: z.string().optional(),
  title: z.string().optional(),
  index: z.number().int().nonnegative(),
});
export type FrameStep = z.infer<typeof frameStepSchema>;

/** A child frame a document holds, as its content script reports it: the token that finds its frame id, and what identifies it. */
export const childFrameFactsSchema = z.object({ token: z.string(), src: z.string(), name: z.string().optional(), title: z.string().optional() });

/**
 * A dialog open on the page: an open <dialog>, an element with role dialog or alertdialog or
 * aria-modal, or a fixed layer over the middle of the viewport that covers most of it (an
 * interstitial). Named by its role and accessible name; `frame` is where it is, when not the top document.
 */
export const openDialogSchema = z.object({ role: z.string(), name: z.string(), frame: z.array(frameStepSchema).optional() });
export type OpenDialog = z.infer<typeof openDialogSchema>;

export const findCandidateSchema = z.object({
  ref: z.string(),
  role: z.string(),
  name: z.string(),
  tag: z.string(),
  type: z.string().optional(),
  placeholder: z.string().optional(),
  label: z.string().optional(),
  value: z.string().optional(),
  nearbyText: z.string().optional(),
  attributes: z.string().optional(),
  inViewport: z.boolean(),
  interactive: z.boolean(),
  order: z.number(),
  group: z.string().optional(),
  /** The frames from the top document down to the one it is in; absent in the top document (the driver adds it). */
  frame: z.array(frameStepSchema).optional(),
});

/** What submitting a form from an element would do (src/policy/submission.ts FormEffect). */
export const formEffectSchema = z.object({
  action: z.string().optional(),
  fields: z.array(z.string()),
  defaultButton: z.string().optional(),
  kinds: z.array(z.enum(['payment', 'sign-in', 'password', 'message'])),
});

const describeReply = z.object({
  description: z.string(),
  role: z.string(),
  name: z.string(),
  tag: z.string(),
  inputType: z.string().optional(),
  formAction: z.string().optional(),
  form: formEffectSchema.optional(),
});

const replySchemaByType = {
  snapshot: z.object({ text: z.string(), nextRef: z.number().int().positive(), frames: z.array(childFrameSchema), truncated: z.boolean() }),
  findCandidates: z.object({
    candidates: z.array(findCandidateSchema),
    nextRef: z.number().int().positive(),
    frames: z.array(childFrameFactsSchema),
    dialogs: z.array(openDialogSchema.omit({ frame: true })),
  }),
  pageText: z.object({ text: z.string() }),
  locate: z.object({ x: z.number(), y: z.number(), description: z.string(), box: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }).optional() }),
  scrollTo: z.object({ description: z.string() }),
  describe: describeReply,
  focused: describeReply.nullable(),
  markForUpload: z.object({ description: z.string() }),
  frameRect: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number(), onTop: z.boolean(), description: z.string() }),
  formInput: z.object({ message: z.string() }),
  pageInfo: z.object({
    url: z.string(),
    title: z.string(),
    status: z.number().optional(),
    viewport: z.object({ width: z.number(), height: z.number() }),
  }),
} as const;

type ContentReplies = { [T in keyof typeof replySchemaByType]: z.infer<(typeof replySchemaByType)[T]> };
export type ContentReply<T extends ContentRequest['type']> = ContentReplies[T];
/** Typed per request, so a generic caller gets the reply type of its request without a cast. */
export const contentReplySchemas: { [T in keyof ContentReplies]: z.ZodType<ContentReplies[T]> } = replySchemaByType;

/** Errors the content script throws that the model should read as they are. */
export const PAGE_ERROR = 'PageError';
export type FindCandidate = z.infer<typeof findCandidateSchema>;

/** content script -> background: a child frame announces the token its parent gave it. */
export const frameTokenMessageSchema = z.object({ type: z.literal('frame.token'), token: z.string().uuid() });
