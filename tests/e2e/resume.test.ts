import { expect, it } from 'vitest';
import { findRef, lastToolResults, toolResultText } from '../mock-anthropic/conversation';
import type { Script } from '../mock-anthropic/server';
import { gate, sendTask, type Steward, stopServiceWorker, timeline, evaluateInWorker, useConfiguredSteward } from './harness';

let steward: Steward;
useConfiguredSteward((launched) => (steward = launched), '/counter.html');

/** read_page, one click on "Add one", then an answer that says how the click went. */
function clickOnce(hold?: { at: number; until: Promise<void> }): Script {
  let ref = '';
  return async (request, { index }) => {
    if (hold && index === hold.at) await hold.until;
    const results = lastToolResults(request);
    const read = results.find((result) => toolResultText(result).includes('[ref_'));
    if (read) ref = findRef(toolResultText(read), 'button', 'Add one');
    if (!ref) return { kind: 'tool_use', text: 'Reading the page.', calls: [{ name: 'read_page', input: {} }] };
    if (!request.messages.some((m) => JSON.stringify(m).includes('left_click'))) {
      return { kind: 'tool_use', text: 'Adding one.', calls: [{ name: 'left_click', input: { target: { type: 'ref', ref } } }] };
    }
    return { kind: 'text', text: `Done: ${toolResultText(results[0]!).includes('Interrupted') ? 'the click was interrupted' : 'clicked once'}.` };
  };
}

async function finalAnswer(): Promise<string> {
  const final = await steward.panel.waitForSelector('::-p-aria([name="Final answer"][role="region"])', { timeout: 30_000 });
  return final!.evaluate((el) => (el as HTMLElement).innerText);
}

it('the worker dies before a model call: the call is made again and the task completes', async () => {
  const held = gate();
  steward.mock.setScript(clickOnce({ at: 1, until: held.promise }));
  await sendTask(steward, 'Add one.');
  await steward.mock.waitForMessageRequests(2);
  await stopServiceWorker(steward);
  held.release();
  expect(await finalAnswer()).toContain('clicked once');
  expect(steward.fixtures.effects.get('add')).toBe(1);
  expect((await timeline(steward.panel)).map((entry) => [entry.member, entry.status])).toEqual([
    ['read_page', 'ok'],
    ['left_click', 'ok'],
  ]);
});

it('the worker dies while a reply streams: the reply is asked for again and the task completes', async () => {
  const streaming = gate();
  let first = true;
  const base = clickOnce();
  steward.mock.setScript(async (request, turn) => {
    const reply = await base(request, turn);
    if (reply.kind === 'text' && first) {
      first = false;
      return { ...reply, pause: streaming.promise };
    }
    return reply;
  });
  await sendTask(steward, 'Add one.');
  await steward.panel.waitForSelector('::-p-text(Done:)');
  await stopServiceWorker(steward);
  streaming.release();
  expect(await finalAnswer()).toContain('clicked once');
  expect(steward.fixtures.effects.get('add')).toBe(1);
});

it('the worker dies between a click and its recorded result: the click is not repeated and the model is told', async () => {
  const clickComing = gate();
  steward.mock.setScript(clickOnce({ at: 1, until: clickComing.promise }));
  await sendTask(steward, 'Add one.');
  await steward.mock.waitForMessageRequests(2);
  // The next answer asks for the click: hold the task once the click is done, before its result is stored.
  await evaluateInWorker(steward, '__stewardDebug.holdNextActionBeforeRecording()');
  clickComing.release();
  await steward.fixtures.waitForEffect('add', 1);
  await stopServiceWorker(steward);
  expect(await finalAnswer()).toContain('the click was interrupted');
  expect(steward.fixtures.effects.get('add')).toBe(1);
  const entries = await timeline(steward.panel);
  expect(entries.map((entry) => [entry.member, entry.status])).toEqual([
    ['read_page', 'ok'],
    ['left_click', 'error'],
  ]);
  expect(entries[1]!.text).toMatch(/Interrupted: Steward was restarted/);
});
