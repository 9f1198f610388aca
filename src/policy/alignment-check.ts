import type { BetaMessage, BetaUsage } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { z } from 'zod';
import type { ModelRequest } from '../model/anthropic';
import { describeApiError } from '../model/errors';
import type { Plan } from '../protocol/task';
import { type ActionDescription, alignmentKey, alignmentRequest, MalformedVerdict, parseVerdict } from './alignment';
import { onlyLooks } from '../browser/members';
import type { Mode } from './decide';

/** A verdict as a task keeps it, under its description's key (alignment.ts alignmentKey). */
export const alignmentVerdictSchema = z.object({
  aligned: z.boolean(),
  reason: z.string(),
  model: z.string(),
  at: z.number(),
});
export type AlignmentVerdict = z.infer<typeof alignmentVerdictSchema>;

/**
 * What a task keeps of its alignment checks: the verdicts by key, so the same action again (or a
 * replayed run of the same routine) is not asked about twice, and how many calls were made.
 */
export const alignmentRecordSchema = z.object({
  verdicts: z.record(z.string(), alignmentVerdictSchema).default({}),
  calls: z.number().int().nonnegative().default(0),
});
export type AlignmentRecord = z.infer<typeof alignmentRecordSchema>;

/**
 * Whether a call the policy allowed gets the check: one that changes something, in a task that acts
 * without asking ("Act without asking", an approved plan, a routine run). In "Ask before every
 * action" the user sees each action anyway.
 */
export function alignmentApplies(enabled: boolean, mode: Mode, member: string): boolean {
  return enabled && mode !== 'ask-every' && !onlyLooks(member);
}

/** How long a check may take before it counts as failed, and the user decides. */
export const ALIGNMENT_TIMEOUT_MS = 20_000;

export type AlignmentOutcome =
  | { kind: 'aligned' | 'misaligned'; key: string; verdict: AlignmentVerdict; reused: boolean; usage?: BetaUsage | undefined }
  /** No verdict: an error, a timeout or an answer that was not one. Fails closed: the user decides. */
  | { kind: 'failed'; key: string; reason: string; usage?: BetaUsage | undefined };

export interface AlignmentCheckInput {
  task: string;
  plan?: Plan | undefined;
  action: ActionDescription;
  model: string;
  /** Verdicts already given in this task (or a recorded run being replayed). */
  verdicts: Readonly<Record<string, AlignmentVerdict>>;
  /** One non-streaming call to the Messages API. */
  ask(request: ModelRequest, signal: AbortSignal): Promise<BetaMessage>;
  /** The task's signal: Stop ends the check at once, and is not a failure. */
  signal: AbortSignal;
  timeoutMs?: number;
  now?: () => number;
  /** Called when no verdict can be reused and the model is asked: the panel can say what the task waits for. */
  onAsking?: () => void;
}

/**
 * Whether an action serves the user's task: a verdict already given for the same description is
 * reused; otherwise one call. Never throws but for the task's own abort.
 */
export async function checkAlignment(input: AlignmentCheckInput): Promise<AlignmentOutcome> {
  const key = await alignmentKey(input.action);
  const known = input.verdicts[key];
  if (known) return { kind: known.aligned ? 'aligned' : 'misaligned', key, verdict: known, reused: true };
  input.signal.throwIfAborted();
  const timeoutMs = input.timeoutMs ?? ALIGNMENT_TIMEOUT_MS;
  const signal = AbortSignal.any([input.signal, AbortSignal.timeout(timeoutMs)]);
  let message: BetaMessage;
  input.onAsking?.();
  try {
    message = await input.ask({ ...alignmentRequest(input.task, input.plan, input.action), model: input.model }, signal);
  } catch (error) {
    if (input.signal.aborted) throw input.signal.reason ?? error;
    const reason = signal.aborted ? `it took longer than ${timeoutMs / 1000} s` : describeApiError(error);
    return { kind: 'failed', key, reason };
  }
  try {
    const answer = parseVerdict(message);
    const verdict: AlignmentVerdict = { ...answer, model: input.model, at: (input.now ?? Date.now)() };
    return { kind: answer.aligned ? 'aligned' : 'misaligned', key, verdict, reused: false, usage: message.usage };
  } catch (error) {
    return { kind: 'failed', key, reason: error instanceof MalformedVerdict ? error.message : String(error), usage: message.usage };
  }
}
