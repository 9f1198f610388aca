import { afterAll, beforeAll, expect, it } from 'vitest';
import { findRef, lastToolResults, toolResultText } from '../mock-anthropic/conversation';
import type { Script } from '../mock-anthropic/server';
import { configure, gate, launchSteward, sendTask, type Steward } from './harness';
import { checkView } from './panel-checks';
import { fireAlarm, KETTLE_ROUTINE, saveRoutine, waitForRun } from './routine-helpers';

let steward: Steward;
let configured = false;
beforeAll(async () => {
  steward = await launchSteward({ startPath: '/checkout.html' });
});
afterAll(() => steward?.close());

const payScript: Script = (request, { index }) => {
  if (index === 0) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
  const [last] = lastToolResults(request);
  if (index === 1) return { kind: 'tool_use', calls: [{ name: 'left_click', input: { target: { type: 'ref', ref: findRef(toolResultText(last!), 'button', 'Pay now') } } }] };
  return { kind: 'text', text: 'Paid.' };
};

/** Reads the page, clicks "Add a gift note", then answers `done`. */
function noteScript(done: string): Script {
  return (request, { index }) => {
    if (index === 0) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
    if (index === 1) return { kind: 'tool_use', calls: [{ name: 'left_click', input: { target: { type: 'ref', ref: findRef(toolResultText(lastToolResults(request)[0]!), 'button', 'Add a gift note') } } }] };
    return { kind: 'text', text: done };
  };
}

async function view(name: string): Promise<void> {
  await steward.panel.locator(`::-p-aria(${name})[aria-pressed]`).click();
}

it('first open: a welcome says what Steward does and where the key stays, asks only for the key, and the task box comes once it is saved', async () => {
  const { panel } = steward;
  await panel.waitForSelector('::-p-aria([name="Welcome to Steward"][role="heading"])');
  const failures: string[] = [];
  await checkView(panel, 'welcome', failures);
  expect(failures).toEqual([]);
  const text = await panel.$eval('section.welcome', (el) => (el as HTMLElement).innerText);
  expect(text).toMatch(/Anthropic API key[\s\S]*stays in this browser \(chrome\.storage\.local\) and is sent only to the API base URL, https:\/\/api\.anthropic\.com/);
  // Nothing else is asked yet: no task box, no mode, no other settings.
  expect(await panel.$('::-p-aria([name="Task"][role="textbox"])')).toBeNull();
  expect(await panel.$('::-p-aria([name="Mode"][role="combobox"])')).toBeNull();
  expect(await panel.$$eval('main input, main textarea, main select', (fields) => fields.length)).toBe(1);

  // The mock stands in for the API: point the base URL at it, as an administrator of a proxy would.
  await panel.evaluate(
    (url) => chrome.runtime.sendMessage({ type: 'settings.save', draft: { apiKey: '', model: 'claude-sonnet-5-5', apiBaseUrl: url, allowDevtools: false } }),
    steward.mock.url,
  );
  await panel.reload();
  await panel.waitForSelector('::-p-aria([name="Welcome to Steward"][role="heading"])');
  await panel.locator('::-p-aria([name="Save key"])').click();
  await panel.waitForSelector('::-p-text(Paste your API key first.)');
  await panel.locator('::-p-aria([name="API key"][role="textbox"])').fill(steward.mock.apiKey);
  await panel.locator('::-p-aria(Test connection)').click();
  await panel.waitForSelector('section.welcome .status.ok');
  expect(await panel.$eval('section.welcome .status', (el) => el.textContent)).toMatch(/^Connected\./);
  await panel.locator('::-p-aria([name="Save key"])').click();
  await panel.waitForSelector('::-p-aria([name="Task"][role="textbox"])');
  expect(await panel.$('section.welcome')).toBeNull();
});

it('every view fits 320, 400 and 600 px without scrolling sideways, and axe finds nothing in light or dark', { timeout: 240_000 }, async () => {
  const { panel } = steward;
  const failures: string[] = [];

  await configure(steward, { apiKey: steward.mock.apiKey });
  configured = true;
  await checkView(panel, 'Task idle', failures);

  // Running, then an approval card, then taken over.
  const streaming = gate();
  steward.mock.reset();
  steward.mock.setScript(() => ({ kind: 'text', text: 'Looking at the basket and', pause: streaming.promise }));
  await sendTask(steward, 'Look at my basket.');
  await panel.waitForSelector('li.message.assistant');
  await checkView(panel, 'Task running', failures);
  streaming.release();
  await panel.waitForSelector('::-p-aria([name="Final answer"][role="region"])');
  await checkView(panel, 'Task done', failures);

  steward.mock.reset();
  steward.mock.setScript(payScript);
  await sendTask(steward, 'Pay for my basket.');
  await panel.waitForSelector('::-p-aria([name="Approval needed"][role="alertdialog"])');
  await checkView(panel, 'approval card', failures);
  await panel.locator('::-p-aria(Take over)').click();
  await panel.waitForSelector('::-p-aria([name="You have control"][role="region"])');
  await checkView(panel, 'taken over', failures);
  await panel.locator('::-p-aria(Resume)').click();
  await panel.waitForSelector('::-p-aria([name="Final answer"][role="region"])');

  // A plan to approve, in "Ask before acting".
  steward.mock.reset();
  steward.mock.setScript((_request, { index }) => {
    if (index === 0) return { kind: 'custom_tool_use', calls: [{ name: 'propose_plan', input: { summary: 'Add a gift note to the basket.', steps: ['Press "Add a gift note"', 'Check the receipt page'], sites: ['127.0.0.1'] } }] };
    return { kind: 'text', text: 'Plan declined.' };
  });
  const mode = await panel.waitForSelector('::-p-aria([name="Mode"][role="combobox"])');
  await mode!.select('plan');
  await sendTask(steward, 'Add a gift note.');
  await panel.waitForSelector('::-p-text(Claude proposes a plan)');
  await checkView(panel, 'plan card', failures);
  await panel.locator('::-p-aria(Reject)').click();
  await panel.waitForSelector('::-p-text(Plan declined.)');

  // Ask before every action: the card offers "Always allow on 127.0.0.1".
  steward.mock.reset();
  steward.mock.setScript(noteScript('Note added.'));
  await mode!.select('ask-every');
  await sendTask(steward, 'Add a gift note.');
  await panel.waitForSelector('::-p-aria(Always allow on 127.0.0.1)');
  await checkView(panel, 'approval card with Always allow', failures);
  await panel.locator('::-p-aria(Approve)').click();
  await panel.waitForSelector('::-p-text(Note added.)');
  await mode!.select('act');

  // Routines: the list, a finished run's details, and the form.
  steward.mock.reset();
  steward.mock.setScript(() => ({ kind: 'text', text: 'The kettle costs 24 euros.' }));
  const id = await saveRoutine(steward, KETTLE_ROUTINE);
  await fireAlarm(steward, id);
  await waitForRun(steward, id, (run) => run.status === 'done');
  await view('Routines');
  await panel.waitForSelector('::-p-aria(Runs of Kettle price)');
  await checkView(panel, 'Routines list', failures);
  await panel.locator('::-p-aria(Runs of Kettle price)').click();
  await panel.waitForSelector('::-p-aria([name="Run result"])');
  await checkView(panel, 'routine run details', failures);
  await panel.locator('::-p-aria(New routine)').click();
  await panel.waitForSelector('::-p-aria([name="New routine"][role="form"])');
  await checkView(panel, 'routine form', failures);

  await view('History');
  await panel.waitForSelector('::-p-aria(Open Pay for my basket.)');
  await checkView(panel, 'History', failures);
  await view('Audit');
  await panel.waitForSelector('.audit-entry');
  await checkView(panel, 'Audit', failures);
  await view('Settings');
  await panel.waitForSelector('::-p-aria(Save)');
  await checkView(panel, 'Settings', failures);

  // Settings under an administrator's policy is checked in admin-policy.test.ts, where a real policy applies.

  expect(failures).toEqual([]);
});

it('the keyboard does it all: Tab goes through the header in order, the card takes the focus and Alt+A approves, Escape closes the routine form', async () => {
  const { panel } = steward;
  if (!configured) await configure(steward, { apiKey: steward.mock.apiKey });
  await view('Task');
  await panel.focus('nav button');
  const names = [await panel.evaluate(() => document.activeElement?.textContent?.trim() ?? '')];
  for (let i = 0; i < 4; i++) {
    await panel.keyboard.press('Tab');
    names.push(await panel.evaluate(() => document.activeElement?.textContent?.trim() ?? ''));
  }
  expect(names).toEqual(['Task', 'Routines', 'History', 'Audit', 'Settings']);
  // Then the view itself, or the composer below it when the view has nothing to focus.
  await panel.keyboard.press('Tab');
  expect(await panel.evaluate(() => document.activeElement?.closest('main, form.composer') !== null)).toBe(true);

  steward.fixtures.effects.clear();
  steward.mock.reset();
  steward.mock.setScript(noteScript('Approved by keyboard.'));
  const mode = await panel.waitForSelector('::-p-aria([name="Mode"][role="combobox"])');
  await mode!.select('ask-every');
  await sendTask(steward, 'Add a gift note.');
  await panel.waitForSelector('::-p-aria([name="Approval needed"][role="alertdialog"])');
  expect(await panel.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alertdialog');
  const shortcuts = await panel.$$eval('section.approval button', (buttons) => buttons.map((button) => [button.textContent, button.getAttribute('aria-keyshortcuts')]));
  expect(shortcuts).toEqual([
    ['Approve', 'Alt+A'],
    ['Always allow on 127.0.0.1', 'Alt+W'],
    ['Reject', 'Alt+R'],
    ['Take over', 'Alt+T'],
  ]);
  expect(steward.fixtures.effects.get('note') ?? 0).toBe(0);
  await panel.keyboard.down('Alt');
  await panel.keyboard.press('KeyA');
  await panel.keyboard.up('Alt');
  await panel.waitForSelector('::-p-text(Approved by keyboard.)');
  expect(steward.fixtures.effects.get('note')).toBe(1);
  await mode!.select('act');

  await view('Routines');
  await panel.locator('::-p-aria(New routine)').click();
  await panel.waitForSelector('::-p-aria([name="New routine"][role="form"])');
  await panel.focus('#routine-name');
  await panel.keyboard.press('Escape');
  await panel.waitForSelector('::-p-aria([name="New routine"][role="form"])', { hidden: true });
});
