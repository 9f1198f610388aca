import { anthropicCall } from '../src/model/anthropic';
import { priceFor } from '../src/model/pricing';
import { describeAction } from '../src/policy/alignment';
import { type AlignmentVerdict, alignmentApplies, checkAlignment } from '../src/policy/alignment-check';
import type { CallContext } from '../src/policy/decide';
import type { PageRead } from '../src/policy/exfiltration';
import type { Settings } from '../src/store/settings';
import type { TaskSession } from '../src/session/session';
import type { TaskRecord } from '../src/store/tasks';
import { type Words, words } from '../src/i18n/words';

/** What the panel shows while a check waits for its verdict. */
const CHECKING = words('notice_checking_alignment');

/** Whether a call the policy allowed gets the alignment check, by the task's mode and the user's switch. */
export function needsAlignmentCheck(record: TaskRecord, member: string, settings: Settings): boolean {
  return alignmentApplies(settings.alignmentCheck, record.mode, member);
}

/**
 * Asks the alignment check about a call (or reuses the task's verdict for the same description),
 * adds its tokens to the task's usage, and keeps the verdict with the task. Returns the reason the
 * user reads on a card when the check says the action is not what the user asked, or could not tell;
 * undefined when it serves the task.
 */
export async function alignmentDoubt(
  session: TaskSession,
  call: CallContext & { read: { pages: readonly PageRead[]; userText: string } },
  settings: Settings,
): Promise<Words | undefined> {
  const { record } = session;
  const outcome = await checkAlignment({
    task: record.prompt,
    plan: record.plan,
    action: describeAction(call, call.read),
    model: settings.alignmentModel,
    verdicts: record.alignment?.verdicts ?? {},
    ask: anthropicCall(settings),
    signal: session.signal,
    onAsking: () => session.setNotice(CHECKING),
  });
  if (session.notice === CHECKING) session.setNotice(undefined);
  if (outcome.kind === 'failed' || !outcome.reused) {
    await session.alignmentChecked({
      usage: outcome.usage,
      price: priceFor(settings.alignmentModel, settings.prices),
      verdict: outcome.kind !== 'failed' ? { key: outcome.key, verdict: outcome.verdict } : undefined,
    });
  }
  if (outcome.kind === 'failed') return words('ask_alignment_failed', outcome.reason);
  if (outcome.kind === 'misaligned') return words('ask_alignment_misaligned', outcome.verdict.reason);
  return undefined;
}

/** The verdicts a task's alignment checks gave, by key: for a replay of the same run to reuse. */
export function alignmentVerdicts(record: TaskRecord): Readonly<Record<string, AlignmentVerdict>> {
  return record.alignment?.verdicts ?? {};
}
