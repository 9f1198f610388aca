import type { BetaToolResultBlockParam, BetaToolUseBlock } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { describeToolTarget } from '../agent/describe';
import { INTERRUPTED } from '../agent/loop';
import { resultText } from '../agent/tool-results';
import type { AuditRecord } from '../store/audit';
import type { Settings } from '../store/settings';
import type { TaskRecord } from '../store/tasks';

/** What a task accounts for besides its record: each call in the audit log, and its budgets. */

/** How one tool call was decided, for its audit entry. */
export interface Decision {
  decision: AuditRecord['decision'];
  decidedBy: AuditRecord['decidedBy'];
  url?: string | undefined;
  password: boolean;
}

/** One audit entry for a tool call: what, where, who decided, and how it ended; never a password or typed text. */
export function auditRecord(
  taskId: string,
  toolUse: BetaToolUseBlock,
  result: BetaToolResultBlockParam,
  decided: Decision | undefined,
): AuditRecord {
  const input = (toolUse.input ?? {}) as Record<string, unknown>;
  let summary = describeToolTarget(toolUse.name, input);
  if (toolUse.name === 'type') summary = `${typeof input.text === 'string' ? input.text.length : 0} characters`;
  if (decided?.password) summary = `${summary.split(' ← ')[0]} ← (password hidden)`;
  const text = resultText(result);
  const outcome: AuditRecord['outcome'] = !result.is_error ? 'ok' : text.startsWith(INTERRUPTED.slice(0, 20)) ? 'interrupted' : 'error';
  return {
    at: Date.now(),
    taskId,
    member: toolUse.name,
    summary,
    ...(decided?.url ? { url: decided.url } : {}),
    // A call answered without reaching the policy (skipped after a failure, or interrupted) counts as the policy's.
    decision: decided?.decision ?? 'allowed',
    decidedBy: decided?.decidedBy ?? 'policy',
    outcome,
    ...(result.is_error && text ? { detail: text.split('\n')[0]!.slice(0, 300) } : {}),
  };
}

/**
 * A task's own budget (a routine's) applies within Settings' budgets, which carry the administrator's
 * ceilings: whichever limit is lower ends the task, and the message says where to change it.
 */
export function budgetReason(record: Readonly<TaskRecord>, settings: Settings, own?: TaskRecord['budget']): string | undefined {
  const limit = (field: 'maxSteps' | 'maxMinutes' | 'maxCostUsd', label: string) =>
    own && own[field] < settings[field] ? { value: own[field], where: "the routine's budget" } : { value: settings[field], where: `Settings → ${label}` };
  const steps = limit('maxSteps', 'Max steps');
  if (record.loop.steps >= steps.value) return `The task reached its limit of ${steps.value} steps (${steps.where}).`;
  const minutes = limit('maxMinutes', 'Max minutes');
  if ((Date.now() - record.startedAt) / 60_000 >= minutes.value) return `The task reached its limit of ${minutes.value} minutes (${minutes.where}).`;
  const cost = limit('maxCostUsd', 'Max cost');
  if (record.usage.costUsd >= cost.value) {
    return `The task reached its cost limit of $${cost.value.toFixed(2)} (${cost.where}); it cost $${record.usage.costUsd.toFixed(2)}.`;
  }
  return undefined;
}
