import { expect, it } from 'vitest';
import { auditLog, memoryAuditStore, toJsonLines, verifyChain } from './audit';

const record = (member: string) => ({ at: 1, taskId: 't', member, summary: 'ref_1', decision: 'allowed' as const, decidedBy: 'policy' as const, outcome: 'ok' as const });

it('chains entries so that any change, removal or reordering is found', async () => {
  const store = memoryAuditStore();
  const log = auditLog(store);
  await Promise.all([log.append(record('read_page')), log.append(record('left_click')), log.append(record('form_input'))]);
  expect(store.entries.map((entry) => entry.seq)).toEqual([0, 1, 2]);
  expect(await verifyChain(store.entries)).toEqual({ ok: true, count: 3 });

  const tampered = structuredClone(store.entries);
  tampered[1]!.summary = 'something else';
  expect(await verifyChain(tampered)).toMatchObject({ ok: false, brokenAt: 1, reason: 'Entry 1 was changed after it was written.' });

  const removed = structuredClone(store.entries).filter((entry) => entry.seq !== 1);
  expect(await verifyChain(removed)).toMatchObject({ ok: false, brokenAt: 1 });
  expect(toJsonLines(store.entries).trim().split('\n')).toHaveLength(3);
});
