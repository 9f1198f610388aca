import { expect, it } from 'vitest';
import { findRef, lastToolResults, toolResultText } from '../mock-anthropic/conversation';
import type { Script } from '../mock-anthropic/server';
import { evaluateInWorker, type Steward, useConfiguredSteward } from './harness';
import { fireAlarm, saveRoutine, waitForRun } from './routine-helpers';

let steward: Steward;
useConfiguredSteward((launched) => (steward = launched), '/index.html');

/**
 * A routine run that clicks, types, presses a key, navigates and clicks again, each step following
 * from the page it read. What read_page showed after typing is kept, to check the typing landed.
 */
function busyScript(seen: { afterTyping?: string }): Script {
  return (request, { index }) => {
    const [last] = lastToolResults(request);
    const page = last ? toolResultText(last) : '';
    const steps = [
      () => ({ name: 'read_page', input: {} }),
      () => ({ name: 'left_click', input: { target: { type: 'ref', ref: findRef(page, 'textbox', 'Email') } } }),
      () => ({ name: 'type', input: { text: 'me@example.com' } }),
      () => ({ name: 'key', input: { text: 'Tab' } }),
      () => ({ name: 'read_page', input: {} }),
      () => ((seen.afterTyping = page), { name: 'navigate', input: { url: `${steward.fixtures.url}/counter.html` } }),
      () => ({ name: 'read_page', input: {} }),
      () => ({ name: 'left_click', input: { target: { type: 'ref', ref: findRef(page, 'button', 'Add one') } } }),
      () => ({ name: 'get_page_text', input: {} }),
    ];
    const step = steps[index];
    if (step) return { kind: 'tool_use', calls: [step()] };
    return { kind: 'text', text: `The counter shows ${/Count:\s*(\d+)/.exec(page)?.[1] ?? 'nothing'}.` };
  };
}

it("a routine's clicks, typing and navigation never make its window the focused one, not even for one 50 ms sample", async () => {
  const user = (await evaluateInWorker(steward, 'chrome.windows.getLastFocused().then((w) => ({ id: w.id, focused: w.focused }))')) as { id: number; focused: boolean };
  expect(user.focused).toBe(true);
  // The panel (an extension page in the user's window) samples the focused window every 50 ms and hears every focus change.
  await steward.panel.evaluate(() => {
    const record = { samples: [] as number[], changes: [] as number[], timer: 0 };
    record.timer = setInterval(() => void chrome.windows.getLastFocused().then((window) => record.samples.push(window.id ?? -1)), 50) as unknown as number;
    chrome.windows.onFocusChanged.addListener((windowId) => record.changes.push(windowId));
    (globalThis as unknown as { focusRecord: typeof record }).focusRecord = record;
  });

  const seen: { afterTyping?: string } = {};
  steward.mock.setScript(busyScript(seen));
  const id = await saveRoutine(steward, {
    name: 'Busy routine',
    prompt: 'Fill in me@example.com, then add one to the counter and tell me what it shows.',
    path: '/signup.html',
    timeZone: 'Europe/Berlin',
  });
  await fireAlarm(steward, id);
  const running = await waitForRun(steward, id, (run) => run.windowId !== undefined);
  const done = await waitForRun(steward, id, (run) => run.endedAt !== undefined, 45_000);

  const record = await steward.panel.evaluate(() => {
    const { samples, changes, timer } = (globalThis as unknown as { focusRecord: { samples: number[]; changes: number[]; timer: number } }).focusRecord;
    clearInterval(timer);
    return { samples, changes };
  });
  // The run did all it was asked: typed into the field, and clicked the counter once.
  expect(done).toMatchObject({ status: 'done', result: 'The counter shows 1.' });
  expect(seen.afterTyping).toMatch(/textbox "Email".*me@example\.com/);
  expect(steward.fixtures.effects.get('add')).toBe(1);
  expect(steward.mock.messageRequests().length).toBeGreaterThanOrEqual(10);
  // Through all of it the user's window kept the focus: no sample and no focus change was ever the run's window.
  expect(record.samples.length).toBeGreaterThan(20);
  expect(record.samples.filter((windowId) => windowId === running.windowId)).toEqual([]);
  expect(new Set(record.samples)).toEqual(new Set([user.id]));
  expect(record.changes).not.toContain(running.windowId);
});
