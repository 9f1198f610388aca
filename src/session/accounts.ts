import type { BetaToolResultBlockParam, BetaToolUseBlock } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { describeToolTarget } from '../agent/describe';
import { INTERRUPTED } from '../agent/loop';
import { resultText } from '../agent/tool-results';
import type { AuditRecord } from '../store/audit';
import { amount, type Words, words } from '../i18n/words';
import { type Settings, settingLabel } from '../store/settings';
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
export function budgetReason(record: Readonly<TaskRecord>, settings: Settings, own?: TaskRecord['budget']): Words | undefined {
  const limit = (field: 'maxSteps' | 'maxMinutes' | 'maxCostUsd') =>
    own && own[field] < settings[field] ? { value: own[field], where: words('budget_where_routine') } : { value: settings[field], where: words('budget_where_settings', settingLabel(field)) };
  const steps = limit('maxSteps');
  if (record.loop.steps >= steps.value) return words('budget_reached_steps', amount(steps.value), steps.where);
  const minutes = limit('maxMinutes');
  if ((Date.now() - record.startedAt) / 60_000 >= minutes.value) return words('budget_reached_minutes', amount(minutes.value), minutes.where);
  const cost = limit('maxCostUsd');
  if (record.usage.costUsd >= cost.value) return words('budget_reached_cost', amount(cost.value, 'usd'), cost.where, amount(record.usage.costUsd, 'usd'));
  return undefined;
}
