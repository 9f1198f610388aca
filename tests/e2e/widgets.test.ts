/**
 * Third-party widgets through the whole loop: a scripted model reads the page, finds the item it
 * wants by role and name in read_page's text, and clicks its ref, as Claude would. The items have
 * no role of their own and their click handlers sit on their list or bar, so without refs for them
 * the model could not pick them at all.
 */
import { expect, it } from 'vitest';
import { findRef, lastToolResults, toolResultText } from '../mock-anthropic/conversation';
import type { Script } from '../mock-anthropic/server';
import { sendTask, type Steward, timeline, useConfiguredSteward } from './harness';

let steward: Steward;
useConfiguredSteward((launched) => (steward = launched), '/widgets/autocomplete.html');

const ref = (value: string) => ({ type: 'ref', ref: value });
const lastPage = (request: Parameters<Script>[0]) => toolResultText(lastToolResults(request).at(-1)!);

/** The model opens the page itself, in the task's own tab, as its first step. */
const opening = (path: string) => ({ kind: 'tool_use' as const, calls: [{ name: 'navigate', input: { url: `${steward.fixtures.url}${path}` } }] });

async function waitForAnswer(): Promise<void> {
  await steward.panel.waitForSelector('::-p-aria([name="Final answer"][role="region"])');
}

it('autocomplete: types "Lat", reads the suggestions, clicks "Latvia" by ref; the field says Latvia', async () => {
  const script: Script = async (request, { index }) => {
    if (index === 0) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
    if (index === 1) return { kind: 'tool_use', calls: [{ name: 'left_click', input: { target: ref(findRef(lastPage(request), 'textbox', 'Country')) } }] };
    if (index === 2) return { kind: 'tool_use', calls: [{ name: 'type', input: { text: 'Lat' } }] };
    if (index === 3) {
      // The model's next turn comes after the list has had time to show (jQuery UI waits 300 ms after the last key).
      await steward.page.waitForSelector('.ui-autocomplete .ui-menu-item', { visible: true });
      return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
    }
    if (index === 4) return { kind: 'tool_use', calls: [{ name: 'left_click', input: { target: ref(findRef(lastPage(request), 'option', 'Latvia')) } }] };
    return { kind: 'text', text: 'Picked Latvia.' };
  };
  steward.mock.setScript(script);
  await sendTask(steward, 'Choose Latvia as the country.');
  await waitForAnswer();
  expect(await steward.page.$eval('#country', (input) => (input as HTMLInputElement).value)).toBe('Latvia');
  expect(steward.fixtures.effects.get('country:Latvia')).toBe(1);
  const entries = await timeline(steward.panel);
  expect(entries.map((e) => [e.member, e.status])).toEqual([
    ['read_page', 'ok'], ['left_click', 'ok'], ['type', 'ok'], ['read_page', 'ok'], ['left_click', 'ok'],
  ]);
  // The timeline (and the audit log) names the item as read_page did, not as a bare div.
  expect(entries[4]!.text).toContain('option "Latvia"');
});

it('menubar: opens File, then clicks Save As… by ref; the page runs Save As once', async () => {
  const script: Script = (request, { index }) => {
    if (index === 0) return opening('/widgets/menubar.html');
    if (index === 1) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
    if (index === 2) return { kind: 'tool_use', calls: [{ name: 'left_click', input: { target: ref(findRef(lastPage(request), 'menuitem', 'File')) } }] };
    if (index === 3) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
    if (index === 4) return { kind: 'tool_use', calls: [{ name: 'left_click', input: { target: ref(findRef(lastPage(request), 'menuitem', 'Save As…')) } }] };
    return { kind: 'text', text: 'Chose File > Save As.' };
  };
  steward.mock.setScript(script);
  await sendTask(steward, 'Open File > Save As.');
  await waitForAnswer();
  expect(steward.fixtures.effects.get('action:save-as:trusted')).toBe(1);
  expect([...steward.fixtures.effects.keys()].filter((name) => name.startsWith('action:'))).toEqual(['action:save-as:trusted']);
  expect((await timeline(steward.panel)).at(-1)!.text).toContain('menuitem "Save As…"');
});

it('menubar: a roving item named "Delete document" is judged by that name; the policy asks and Reject deletes nothing', async () => {
  const script: Script = (request, { index }) => {
    if (index === 0) return opening('/widgets/menubar.html');
    if (index === 1) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
    if (index === 2) return { kind: 'tool_use', calls: [{ name: 'left_click', input: { target: ref(findRef(lastPage(request), 'menuitem', 'File')) } }] };
    if (index === 3) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
    if (index === 4) return { kind: 'tool_use', calls: [{ name: 'left_click', input: { target: ref(findRef(lastPage(request), 'menuitem', 'Delete document')) } }] };
    return { kind: 'text', text: 'Stopped: you did not approve the deletion.' };
  };
  steward.mock.setScript(script);
  await sendTask(steward, 'Delete this document.');
  const card = await steward.panel.waitForSelector('::-p-aria([name="Approval needed"][role="alertdialog"])');
  expect(await card!.evaluate((el) => (el as HTMLElement).innerText)).toMatch(/menuitem "Delete document"[\s\S]*It would press "Delete document"/);
  await steward.panel.locator('::-p-aria(Reject)').click();
  await waitForAnswer();
  expect(steward.fixtures.effects.get('action:delete:trusted') ?? 0).toBe(0);
});

it('listbox: picks Latvia by ref in a roving-tabindex listbox whose items have no role', async () => {
  const script: Script = (request, { index }) => {
    if (index === 0) return opening('/widgets/listbox.html');
    if (index === 1) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
    if (index === 2) return { kind: 'tool_use', calls: [{ name: 'left_click', input: { target: ref(findRef(lastPage(request), 'option', 'Latvia')) } }] };
    return { kind: 'text', text: 'Shipping to Latvia.' };
  };
  steward.mock.setScript(script);
  await sendTask(steward, 'Ship to Latvia.');
  await waitForAnswer();
  expect(steward.fixtures.effects.get('country:lv:trusted')).toBe(1);
  expect(await steward.page.$eval('#chosen', (output) => output.textContent)).toBe('Latvia');
});
