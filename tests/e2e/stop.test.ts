import { expect, it } from 'vitest';
import { findRef, lastToolResults, toolResultText } from '../mock-anthropic/conversation';
import { gate, runBarrierTask, sendTask, type Steward, timeline, useConfiguredSteward } from './harness';

let steward: Steward;
useConfiguredSteward((launched) => (steward = launched), '/counter.html');

it('Stop while the model is answering: no tool call runs after it, and the panel says so', async () => {
  const held = gate();
  let ref = '';
  steward.mock.setScript(async (request, { index }) => {
    if (index === 0) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
    if (index === 1) ref = findRef(toolResultText(lastToolResults(request)[0]!), 'button', 'Add one');
    // The fourth answer is held until the test has pressed Stop; it would click again.
    if (index === 3) await held.promise;
    return { kind: 'tool_use', text: 'Adding one.', calls: [{ name: 'left_click', input: { target: { type: 'ref', ref } } }] };
  });

  await sendTask(steward, 'Keep adding one.');
  await steward.fixtures.waitForEffect('add', 2);
  await steward.mock.waitForMessageRequests(4);
  await steward.panel.locator('::-p-aria(Stop)').click();
  await steward.panel.waitForSelector('::-p-text(Task stopped.)', { timeout: 5_000 });
  held.release();

  expect((await timeline(steward.panel)).map((entry) => [entry.member, entry.status])).toEqual([
    ['read_page', 'ok'],
    ['left_click', 'ok'],
    ['left_click', 'ok'],
  ]);
  await runBarrierTask(steward);
  expect(steward.fixtures.effects.get('add')).toBe(2);
  expect(steward.mock.messageRequests()).toHaveLength(5);
});

it('Stop during a long tool call ends the task at once and sends nothing more', async () => {
  steward.mock.setScript((_request, { index }) =>
    index === 0
      ? { kind: 'tool_use', calls: [{ name: 'wait', input: { duration: 30 } }] }
      : { kind: 'tool_use', calls: [{ name: 'left_click', input: { target: { type: 'coordinate', x: 10, y: 10 } } }] },
  );
  await sendTask(steward, 'Wait, then click.');
  await steward.panel.waitForSelector('li.tool[data-member="wait"][data-status="running"]');
  await steward.panel.locator('::-p-aria(Stop)').click();
  // The wait has 29 seconds to go: the panel must not wait for it.
  await steward.panel.waitForSelector('::-p-text(Task stopped.)', { timeout: 3_000 });
  expect((await timeline(steward.panel)).map((entry) => [entry.member, entry.status])).toEqual([['wait', 'stopped']]);

  await runBarrierTask(steward);
  expect(steward.mock.messageRequests()).toHaveLength(2);
  expect(steward.fixtures.effects.get('add') ?? 0).toBe(0);
});
