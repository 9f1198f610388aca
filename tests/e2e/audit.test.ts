import { afterAll, beforeAll, expect, it } from 'vitest';
import { findRef, lastToolResults, toolResultText } from '../mock-anthropic/conversation';
import { configure, evaluateInWorker, gate, launchSteward, sendTask, type Steward, stopServiceWorker } from './harness';

let steward: Steward;

beforeAll(async () => {
  steward = await launchSteward({ startPath: '/counter.html' });
  await configure(steward, { apiKey: steward.mock.apiKey });
});
afterAll(() => steward?.close());

async function verify(): Promise<string> {
  await steward.panel.locator('::-p-aria(Audit)[aria-pressed]').click();
  await steward.panel.locator('::-p-aria(Verify)').click();
  const status = await steward.panel.waitForSelector('.audit [role="status"]');
  return status!.evaluate((el) => el.textContent ?? '');
}

it('the audit chain verifies after a task during which the worker was stopped twice, and Verify finds a tampered entry', async () => {
  const holds = [gate(), gate()];
  let held = 0;
  let ref = '';
  // Decided by the conversation, not by request count: a call the worker's death cut off is made again.
  steward.mock.setScript(async (request) => {
    const results = request.messages.flatMap((message) => (Array.isArray(message.content) ? message.content : [])).filter((block) => block.type === 'tool_result');
    const clicks = JSON.stringify(request.messages).match(/"name":"left_click"/g)?.length ?? 0;
    const last = lastToolResults(request)[0];
    if (last && toolResultText(last).includes('[ref_')) {
      ref = findRef(toolResultText(last), 'button', 'Add one');
      // The first time after each read, the answer is held until the worker has been stopped.
      if (held < clicks + 1 && held < holds.length) await holds[held++]!.promise;
      return { kind: 'tool_use', calls: [{ name: 'left_click', input: { target: { type: 'ref', ref } } }] };
    }
    if (results.length === 0 || (clicks === 1 && !toolResultText(last!).includes('[ref_'))) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
    return { kind: 'text', text: 'Added two.' };
  });
  await sendTask(steward, 'Add one, twice.');
  for (const [n, hold] of holds.entries()) {
    // Wait until the held answer is being asked for, then stop the worker under it.
    await steward.panel.waitForFunction((count) => document.querySelectorAll('li.tool[data-member="read_page"][data-status="ok"]').length >= count, {}, n + 1);
    await steward.mock.waitForMessageRequests(2 * n + 2 + n);
    await stopServiceWorker(steward);
    hold.release();
  }
  await steward.panel.waitForSelector('::-p-aria([name="Final answer"][role="region"]) ::-p-text(Added two.)');
  expect(steward.fixtures.effects.get('add')).toBe(2);

  expect(await verify()).toMatch(/^The chain is intact: 4 entries/);
  const members = await steward.panel.$$eval('.audit-entry strong', (items) => items.map((item) => item.textContent));
  expect(members).toEqual(['left_click', 'read_page', 'left_click', 'read_page']);

  // Someone edits an entry behind Steward's back.
  await evaluateInWorker(
    steward,
    `new Promise((resolve, reject) => {
      const open = indexedDB.open('steward');
      open.onsuccess = () => {
        const store = open.result.transaction('audit', 'readwrite').objectStore('audit');
        const get = store.get(1);
        get.onsuccess = () => { const entry = get.result; entry.summary = 'ref_999'; store.put(entry).onsuccess = () => resolve(true); };
        get.onerror = reject;
      };
      open.onerror = reject;
    })`,
  );
  await steward.panel.locator('::-p-aria(Task)[aria-pressed]').click();
  expect(await verify()).toBe('The chain is broken at entry 1: Entry 1 was changed after it was written.');
});
