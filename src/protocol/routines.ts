import { z } from 'zod';
import { routineDefinitionSchema, routineRunSchema, runStatusSchema } from '../store/routines';
import { textSchema } from './task';

/** A routine as the panel lists it: its definition, state, and when it runs next. */
export const routineViewSchema = z.object({
  id: z.string(),
  definition: routineDefinitionSchema,
  paused: z.boolean(),
  /** The schedule in words. */
  description: textSchema,
  nextRunAt: z.number().optional(),
  lastRun: z.object({ id: z.string(), status: runStatusSchema, at: z.number() }).optional(),
  /** A run of it is going on or waiting its turn. */
  active: z.boolean(),
});
export type RoutineView = z.infer<typeof routineViewSchema>;

/**
 * panel -> background requests about routines, one schema per message. They join the panel's
 * request union (src/protocol/panel.ts); definitions are validated again by the background.
 */
export const routineRequestSchemas = [
  z.object({ type: z.literal('routines.list') }),
  /** Creates a routine, or replaces the definition of the one with `id`. */
  z.object({ type: z.literal('routines.save'), id: z.string().optional(), definition: z.unknown() }),
  z.object({ type: z.literal('routines.delete'), id: z.string() }),
  z.object({ type: z.literal('routines.setPaused'), id: z.string(), paused: z.boolean() }),
  /** `askClaude`: this run does not replay a recorded run, whatever the routine's setting. */
  z.object({ type: z.literal('routines.runNow'), id: z.string(), askClaude: z.boolean().optional() }),
  z.object({ type: z.literal('routines.runs'), id: z.string() }),
  z.object({ type: z.literal('routines.export') }),
  z.object({ type: z.literal('routines.import'), json: z.string().max(5_000_000, 'The file is larger than 5 MB.') }),
] as const;

export const routineReplySchemas = {
  'routines.list': z.array(routineViewSchema),
  'routines.save': z.discriminatedUnion('saved', [
    z.object({ saved: z.literal(true), id: z.string() }),
    /** Per field, what is wrong, in words shown beside it. */
    z.object({ saved: z.literal(false), errors: z.record(z.string(), textSchema) }),
  ]),
  'routines.delete': z.object({ deleted: z.boolean() }),
  'routines.setPaused': z.object({ paused: z.boolean() }),
  'routines.runNow': z.object({ admission: z.enum(['started', 'queued', 'already-running', 'already-queued']) }),
  'routines.runs': z.array(routineRunSchema),
  'routines.export': z.object({ json: z.string() }),
  'routines.import': z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), imported: z.number() }), z.object({ ok: z.literal(false), errors: z.array(textSchema) })]),
} as const;
