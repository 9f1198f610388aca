import { z } from 'zod';

/** One screenshot of a recorded task, taken at an action: what the GIF's frame shows. */
export const recordingFrameSchema = z.object({
  /** JPEG, base64. */
  jpeg: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Where the pointer acted, in the frame's pixels; absent for actions without one (typing, navigating). */
  point: z.object({ x: z.number(), y: z.number() }).optional(),
  /** What was done, in words: 'Clicked button "Place Order"'. */
  caption: z.string(),
  at: z.number(),
});
export type RecordingFrame = z.infer<typeof recordingFrameSchema>;

/** A task's recording, oldest frame first; `truncated` when it reached its frame limit. */
export const recordingSchema = z.object({ frames: z.array(recordingFrameSchema), truncated: z.boolean() });
export type Recording = z.infer<typeof recordingSchema>;
