import { z } from 'zod';
import { MEMBERS } from '../browser/members';
import { alignmentVerdictSchema } from '../policy/alignment-check';
import { openDialogSchema } from '../protocol/content';
import { urlPattern } from './frame-path';
import { locatorSchema } from './locator';

/**
 * A routine run's trace: what it did, in order, in a form that a later run can do again without the
 * model (src/routines/replay.ts). Each action that targeted an element keeps a locator instead of
 * its ref; the reads the answer came from keep a hash of what they read, so a replay can tell
 * whether anything the answer depends on changed.
 *
 * Version 2 added the frame a target is in (locator.frame) and the dialogs open before each step
 * (step.dialogs). A version 1 trace is read as version 2: its targets as in the top document and its
 * steps without dialogs to compare (see `traceSchema`).
 */
export const TRACE_VERSION = 2;

export const traceStepSchema = z.object({
  member: z.string(),
  /** The toolset the call belonged to ('browser'), as the model's tool_use said it. */
  toolsetName: z.string().optional(),
  /** The call's input without its ref and tab (the locator and the run's own tab stand for them). */
  input: z.record(z.string(), z.unknown()),
  /** Where the ref goes back into the input: `target.ref` or `ref`. */
  refAt: z.enum(['target', 'ref']).optional(),
  locator: locatorSchema.optional(),
  /** The page the call was made on. */
  urlPattern: z.string(),
  /** For a read the answer came from (a region): the hash of its text, refs left out. */
  readHash: z.string().optional(),
  /**
   * The dialogs open on the page just before the call (content/dialogs.ts): at replay, one that was
   * not there is a page that changed. Absent for a navigation, and in a version 1 trace: not compared.
   */
  dialogs: z.array(openDialogSchema).optional(),
});
export type TraceStep = z.infer<typeof traceStepSchema>;

const currentTraceSchema = z.object({
  version: z.literal(TRACE_VERSION),
  steps: z.array(traceStepSchema),
  /** The alignment check's verdicts in the recorded run, by description key: a replay reuses those that still match. */
  verdicts: z.record(z.string(), alignmentVerdictSchema).default({}),
  recordedAt: z.number(),
});

/**
 * A stored trace, of this version or the one before. A version 1 trace needs no change of shape to
 * be read as version 2: a locator without a frame is read as in the top document (which can only
 * make a replay hand over sooner, since its equals were counted across all frames), and a step
 * without dialogs is not compared. It lives inside run and task records, so reading it here keeps
 * those records' own versions untouched.
 */
export const traceSchema = z.preprocess((raw) => (isTraceV1(raw) ? { ...raw, version: TRACE_VERSION } : raw), currentTraceSchema);
export type Trace = z.output<typeof traceSchema>;

function isTraceV1(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && (raw as { version?: unknown }).version === 1;
}

/** A call as the recorder saw it during the run: kept in the task's record, so a restart loses none. */
export const traceDraftStepSchema = traceStepSchema.extend({
  toolUseId: z.string(),
  /** Whether it ran without an error. */
  ok: z.boolean(),
  /** The hash of what a read returned (every read keeps one; only the last page's become regions). */
  resultHash: z.string().optional(),
  /** Why this call cannot be done again without the model (a point on the screen, another tab). */
  unreplayable: z.string().optional(),
});
export type TraceDraftStep = z.infer<typeof traceDraftStepSchema>;
export const traceDraftSchema = z.object({ steps: z.array(traceDraftStepSchema).default([]) });
export type TraceDraft = z.infer<typeof traceDraftSchema>;

/** Members whose result is what the answer is read from. */
export const REGION_MEMBERS: ReadonlySet<string> = new Set(['get_page_text', 'read_page', 'find']);
/** Members a replay leaves out: they only show the model something it needed to choose (a replay does not choose), or wait for the page (a replayed step waits for its page itself). */
export const LOOK_ONLY: ReadonlySet<string> = new Set(['screenshot', 'zoom', 'read_console', 'read_network', 'hover', 'mouse_move', 'wait']);

/** Tab ids differ from one run to the next: a run that worked across tabs is not replayed. */
const TAB_MEMBERS: ReadonlySet<string> = new Set(['list_tabs', 'new_tab', 'switch_tab', 'close_tab']);

function isMemberName(name: string): name is keyof typeof MEMBERS {
  return Object.hasOwn(MEMBERS, name);
}

function changesPage(member: string): boolean {
  return isMemberName(member) ? MEMBERS[member].changesPage : true;
}

/** The input of a call, split into what a replay sends again and the ref it must find anew. */
export function splitInput(member: string, input: unknown): { input: Record<string, unknown>; ref?: string; refAt?: 'target' | 'ref'; unreplayable?: string } {
  const fields: Record<string, unknown> = typeof input === 'object' && input !== null && !Array.isArray(input) ? { ...(input as Record<string, unknown>) } : {};
  delete fields.tab_id;
  if (TAB_MEMBERS.has(member)) return { input: fields, unreplayable: 'it switched, opened or closed tabs' };
  const target = fields.target as { type?: unknown; ref?: unknown } | undefined;
  if (target && typeof target === 'object') {
    if (target.type === 'ref' && typeof target.ref === 'string') {
      const { ref, ...rest } = target;
      return { input: { ...fields, target: rest }, ref, refAt: 'target' };
    }
    if (target.type === 'coordinate' && changesPage(member) && member !== 'scroll') return { input: fields, unreplayable: 'it acted on a point of the screen, not on an element' };
  }
  if (typeof fields.ref === 'string') {
    const ref = fields.ref;
    delete fields.ref;
    return { input: fields, ref, refAt: 'ref' };
  }
  return { input: fields };
}

/** The input a replay sends: the recorded one with the fresh ref put back where it was. */
export function joinInput(step: Pick<TraceStep, 'input' | 'refAt'>, ref: string | undefined): Record<string, unknown> {
  const input = structuredClone(step.input);
  if (step.refAt === 'target' && ref) input.target = { ...(input.target as Record<string, unknown>), ref };
  if (step.refAt === 'ref' && ref) input.ref = ref;
  return input;
}

/** A read's text as a hash that ignores what differs between two loads of the same page: ref numbers and tab ids. */
export async function hashRead(text: string): Promise<string> {
  const normalised = text.replace(/\bref_\d+\b/g, 'ref').replace(/\btab(?:_id)?[ =:]*\d+\b/gi, 'tab').trim();
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(normalised));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

export type TraceBuild = { trace: Trace } | { trace?: undefined; reason: string };

/**
 * The trace of a finished run, from what the recorder saw: the calls that worked, without those that
 * only looked, and with the reads after the last action that changed the page as the regions the
 * answer was read from. A run that did something a replay cannot do again gets no trace.
 */
export function buildTrace(draft: TraceDraft, verdicts: Trace['verdicts'], now: number): TraceBuild {
  const done = draft.steps.filter((step) => step.ok && !LOOK_ONLY.has(step.member));
  const blocker = done.find((step) => step.unreplayable);
  if (blocker) return { reason: `step ${done.indexOf(blocker) + 1} (${blocker.member}) cannot be replayed: ${blocker.unreplayable}` };
  const missing = done.find((step) => step.refAt && !step.locator);
  if (missing) return { reason: `the element step ${done.indexOf(missing) + 1} (${missing.member}) acted on could not be described` };
  let lastChange = -1;
  done.forEach((step, index) => {
    if (changesPage(step.member)) lastChange = index;
  });
  const steps: TraceStep[] = [];
  done.forEach((step, index) => {
    const isRead = REGION_MEMBERS.has(step.member);
    // A read before the last change only helped the model choose: the replay finds its targets itself.
    if (isRead && index < lastChange) return;
    const { toolUseId: _id, ok: _ok, resultHash, unreplayable: _unreplayable, ...kept } = step;
    steps.push({ ...kept, ...(isRead && resultHash ? { readHash: resultHash } : {}) });
  });
  if (steps.length === 0) return { reason: 'the run did nothing a replay could repeat' };
  if (!steps.some((step) => step.readHash)) return { reason: 'the answer was not read from the page' };
  return { trace: { version: TRACE_VERSION, steps, verdicts, recordedAt: now } };
}

export { urlPattern };
