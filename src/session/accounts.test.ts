import { inEnglish } from '../i18n/english';
import { describe, expect, it } from 'vitest';
import { INTERRUPTED } from '../agent/loop';
import { defaultSettings } from '../store/settings';
import { auditRecord, budgetReason } from './accounts';
import { newRecord } from './fake-host';

const toolUse = (name: string, input: Record<string, unknown>) => ({ type: 'tool_use' as const, id: 'toolu_1', name, input });

describe("a task's accounts", () => {
  it('never writes typed text or a password to the audit log, and tells an interrupted call from an error', () => {
    const typed = auditRecord('t1', toolUse('type', { text: 'secret' }), { type: 'tool_result', tool_use_id: 'toolu_1', content: 'Typed.' }, { decision: 'approved', decidedBy: 'user', password: true });
    expect(typed).toMatchObject({ member: 'type', summary: '6 characters ← (password hidden)', decision: 'approved', decidedBy: 'user', outcome: 'ok' });
    expect(JSON.stringify(typed)).not.toContain('secret');
    const interrupted = auditRecord('t1', toolUse('left_click', {}), { type: 'tool_result', tool_use_id: 'toolu_1', content: INTERRUPTED, is_error: true }, undefined);
    expect(interrupted).toMatchObject({ outcome: 'interrupted', decision: 'allowed', decidedBy: 'policy' });
  });

  it("ends a task at the lower of its own budget and Settings', saying where to change it", () => {
    const settings = { ...defaultSettings(), maxSteps: 10 };
    const record = { ...newRecord('t1'), startedAt: Date.now(), loop: { messages: [], pendingResults: [], steps: 3 } };
    expect(budgetReason(record, settings)).toBeUndefined();
    expect(inEnglish(budgetReason(record, settings, { maxSteps: 3, maxMinutes: 60, maxCostUsd: 5 })!)).toBe("The task reached its limit of 3 steps (the routine's budget).");
    expect(inEnglish(budgetReason({ ...record, loop: { ...record.loop, steps: 10 } }, settings)!)).toBe('The task reached its limit of 10 steps (Settings → Max steps).');
  });
});
