import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { findRef, lastToolResults, toolResultText, userText } from '../mock-anthropic/conversation';
import type { Script } from '../mock-anthropic/server';
import { inEnglish } from '../../src/i18n/english';
import { evaluateInWorker, fill, gate, sendTask, type Steward, stopServiceWorker, useConfiguredSteward } from './harness';
import { fireAlarm, KETTLE_ROUTINE, notificationIds, runsOf, saveRoutine, waitForRun } from './routine-helpers';

let steward: Steward;
useConfiguredSteward((launched) => (steward = launched), '/index.html');

/** What the user has in front of them: the focused window, its active tab and that tab's address. */
async function userFocus(): Promise<{ windowId: number | undefined; tabId: number | undefined; url: string | undefined }> {
  return (await evaluateInWorker(
    steward,
    `(async () => {
      const window = await chrome.windows.getLastFocused({ populate: true });
      const tab = window.tabs.find((t) => t.active);
      return { windowId: window.id, tabId: tab?.id, url: tab?.url };
    })()`,
  )) as { windowId: number | undefined; tabId: number | undefined; url: string | undefined };
}

/**
 * read_page, then (held on `hold`) a click on "Add one", the page text, and the count it read. Each turn
 * follows from the conversation so far, so a request made again after a worker restart gets the same answer.
 */
function countScript(hold: Promise<void>, afterClick: Promise<void> = Promise.resolve()): Script {
  return async (request) => {
    const said = (name: string) => request.messages.some((message) => message.role === 'assistant' && JSON.stringify(message.content).includes(`"name":"${name}"`));
    const [last] = lastToolResults(request);
    if (!said('read_page')) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
    if (!said('left_click')) {
      await hold;
      return { kind: 'tool_use', calls: [{ name: 'left_click', input: { target: { type: 'ref', ref: findRef(toolResultText(last!), 'button', 'Add one') } } }] };
    }
    if (!said('get_page_text')) {
      await afterClick;
      return { kind: 'tool_use', calls: [{ name: 'get_page_text', input: {} }] };
    }
    return { kind: 'text', text: `The counter shows ${/Count:\s*(\d+)/.exec(toolResultText(last!))?.[1] ?? 'nothing'}.` };
  };
}

it('a routine created in the panel runs in the background, in its own unfocused window and tab group, and records its result', async () => {
  const before = await userFocus();
  const { panel } = steward;
  await panel.locator('::-p-aria(Routines)[aria-pressed]').click();
  await panel.locator('::-p-aria(New routine)').click();
  await fill(panel, 'Name', 'Count check');
  await fill(panel, 'Prompt', 'Add one to the counter and tell me what it shows.');
  await fill(panel, 'Start URL', `${steward.fixtures.url}/counter.html`);
  // The next runs show before saving, in the user's time zone.
  const nextRuns = await panel.waitForSelector('::-p-aria([name="Next runs"][role="region"]) li');
  expect(await nextRuns!.evaluate((el) => (el as HTMLElement).innerText)).toMatch(/09:00/);
  expect(await panel.$$eval('section[aria-label="Next runs"] li', (items) => items.length)).toBe(5);
  const sites = await panel.waitForSelector('::-p-aria([name="Sites it may act on"][role="textbox"])');
  expect(await sites!.evaluate((el) => (el as HTMLTextAreaElement).value)).toBe('127.0.0.1');
  await panel.locator('::-p-aria(Save routine)').click();
  await panel.waitForSelector('::-p-aria([name="Routine Count check"])');
  const [routine] = (await panel.evaluate(() => chrome.runtime.sendMessage({ type: 'routines.list' }))).value as Array<{ id: string }>;

  const held = gate();
  const clicked = gate();
  steward.mock.setScript(countScript(held.promise, clicked.promise));
  const scheduledFor = await fireAlarm(steward, routine!.id);
  const running = await waitForRun(steward, routine!.id, (run) => run.status === 'running' && run.windowId !== undefined);
  await steward.mock.waitForMessageRequests(2);

  // Mid-run, after it read its page: the run's tab is a background tab in a window of its own that did not take
  // focus, in a tab group of its own, behind a blank tab; the user's window, tab and page are as they were.
  const during = (await evaluateInWorker(
    steward,
    `(async () => {
      const window = await chrome.windows.get(${running.windowId}, { populate: true });
      const tab = window.tabs.find((t) => t.groupId >= 0);
      const group = tab ? await chrome.tabGroups.get(tab.groupId) : undefined;
      return { focused: window.focused, tabs: window.tabs.length, url: tab?.url, active: tab?.active, group: group?.title };
    })()`,
  )) as { focused: boolean; tabs: number; url: string; active: boolean; group: string | undefined };
  expect(during).toEqual({ focused: false, tabs: 2, url: `${steward.fixtures.url}/counter.html`, active: false, group: 'Steward: routine Count check' });
  expect(await userFocus()).toEqual(before);
  expect(running.windowId).not.toBe(before.windowId);
  held.release();

  // Its click is done and its window still open: the click went to a background tab, so the run's window never
  // took the focus (routine-focus.test.ts samples it through a longer run).
  await steward.mock.waitForMessageRequests(3);
  const focused = await evaluateInWorker(steward, `Promise.all([${running.windowId}, ${before.windowId}].map((id) => chrome.windows.get(id).then((w) => w.focused)))`);
  expect(focused).toEqual([false, true]);
  clicked.release();

  const done = await waitForRun(steward, routine!.id, (run) => run.endedAt !== undefined);
  expect(done).toMatchObject({ status: 'done', trigger: 'schedule', scheduledFor, result: 'The counter shows 1.' });
  // It acted (a trusted click) although its window never had focus, and without asking: the routine's sites are its
  // agreed plan, so it is never offered propose_plan.
  expect(steward.fixtures.effects.get('add')).toBe(1);
  const tools = (steward.mock.messageRequests()[0]!.body as { tools: Array<{ name?: string }> }).tools.map((tool) => tool.name);
  expect(tools).not.toContain('propose_plan');
  expect(await evaluateInWorker(steward, `chrome.tabs.get(${before.tabId}).then((tab) => [tab.windowId, tab.active, tab.url])`)).toEqual([before.windowId, true, before.url]);
  expect(await steward.page.evaluate(() => location.pathname)).toBe('/index.html');
  // The run's window closes with the run; its transcript stays, and the panel shows the result.
  expect(await evaluateInWorker(steward, `chrome.windows.get(${done.windowId}).then(() => 'open', () => 'closed')`)).toBe('closed');
  await panel.locator('::-p-aria(Runs of Count check)').click();
  await panel.waitForSelector('::-p-aria([name="Run result"][role="region"]) ::-p-text(The counter shows 1.)');
});

/** Reads the checkout page, presses "Pay now", and reports what the click's result said. */
const payScript: Script = (request, { index }) => {
  if (index === 0) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
  const [last] = lastToolResults(request);
  if (index === 1) return { kind: 'tool_use', calls: [{ name: 'left_click', input: { target: { type: 'ref', ref: findRef(toolResultText(last!), 'button', 'Pay now') } } }] };
  return { kind: 'text', text: last?.is_error ? `Not paid: ${toolResultText(last)}` : 'Paid.' };
};

const checkoutRoutine = () => ({
  name: 'Weekly order',
  prompt: 'Pay for the basket.',
  path: '/checkout.html',
  schedule: { kind: 'weekly', days: [1, 4], time: '07:30' },
  timeZone: 'Europe/Berlin',
});

it('a routine that reaches a risky action pauses and raises a Review notification; approving from the panel lets it finish', async () => {
  steward.mock.setScript(payScript);
  const id = await saveRoutine(steward, checkoutRoutine());
  await fireAlarm(steward, id);
  const waiting = await waitForRun(steward, id, (run) => run.status === 'waiting');
  expect(waiting.waitingFor).toMatch(/left click button "Pay now" on 127\.0\.0\.1.*It would press "Pay now"/);
  expect(await notificationIds(steward)).toContain(`steward.review:${waiting.id}:${waiting.windowId}`);
  expect(steward.fixtures.effects.get('pay') ?? 0).toBe(0);

  const { panel } = steward;
  await panel.locator('::-p-aria(Routines)[aria-pressed]').click();
  await panel.locator('::-p-aria(Runs of Weekly order)').click();
  const card = await panel.waitForSelector('::-p-aria([name="Approval needed"][role="alertdialog"])');
  expect(await card!.evaluate((el) => (el as HTMLElement).innerText)).toMatch(/Pay now/);
  await card!.$('::-p-aria(Approve)').then((button) => button!.click());

  await steward.fixtures.waitForEffect('pay', 1);
  const done = await waitForRun(steward, id, (run) => run.endedAt !== undefined);
  expect(done).toMatchObject({ status: 'done', result: 'Paid.', notified: false });
  expect(await notificationIds(steward)).not.toContain(`steward.review:${waiting.id}:${waiting.windowId}`);
});

it('a run nobody approves ends as "needs attention", saying what it waited for, and nothing is paid', async () => {
  steward.mock.setScript(payScript);
  const id = await saveRoutine(steward, { ...checkoutRoutine(), name: 'Unattended order' });
  await fireAlarm(steward, id);
  const waiting = await waitForRun(steward, id, (run) => run.status === 'waiting');
  await evaluateInWorker(steward, `__stewardDebug.expireRoutineWait(${JSON.stringify(waiting.id)})`);
  const ended = await waitForRun(steward, id, (run) => run.endedAt !== undefined);
  expect(ended.status).toBe('needs-attention');
  expect(inEnglish(ended.error ?? '')).toMatch(/Nobody answered its approval within 60 minutes.*It waited for: left click button "Pay now"/);
  expect(ended.notified).toBe(true);
  expect(steward.fixtures.effects.get('pay') ?? 0).toBe(0);
});

it('"notify only when the result changed" stays quiet when the result is the same, and speaks when it changes', async () => {
  let answer = 'Kettle: 39 EUR';
  steward.mock.setScript(() => ({ kind: 'text', text: answer }));
  const id = await saveRoutine(steward, KETTLE_ROUTINE);

  await fireAlarm(steward, id);
  const first = await waitForRun(steward, id, (run) => run.endedAt !== undefined);
  expect(first).toMatchObject({ status: 'done', changed: true, notified: true });
  expect(await notificationIds(steward)).toContain(`steward.result:${first.id}`);

  await fireAlarm(steward, id);
  const second = await waitForRun(steward, id, (run) => run.id !== first.id && run.endedAt !== undefined);
  expect(second).toMatchObject({ status: 'done', result: 'Kettle: 39 EUR', changed: false, notified: false });
  expect(await notificationIds(steward)).not.toContain(`steward.result:${second.id}`);

  answer = 'Kettle: 35 EUR';
  await fireAlarm(steward, id);
  const third = await waitForRun(steward, id, (run) => ![first.id, second.id].includes(run.id) && run.endedAt !== undefined);
  expect(third).toMatchObject({ changed: true, notified: true });
  expect(third.diff).toEqual([
    { op: 'removed', text: 'Kettle: 39 EUR' },
    { op: 'added', text: 'Kettle: 35 EUR' },
  ]);
  expect(await notificationIds(steward)).toContain(`steward.result:${third.id}`);
  expect((await runsOf(steward, id)).map((run) => run.trigger)).toEqual(['schedule', 'schedule', 'schedule']);
});

it('import refuses a file with a bad routine, naming it and the field, and imports nothing; a good file imports', async () => {
  const { panel } = steward;
  await panel.locator('::-p-aria(Routines)[aria-pressed]').click();
  await panel.waitForSelector('::-p-aria(New routine)');
  const count = async () => ((await panel.evaluate(() => chrome.runtime.sendMessage({ type: 'routines.list' }))).value as unknown[]).length;
  const before = await count();
  const good = {
    name: 'Imported check',
    prompt: 'Read the page.',
    startUrl: `${steward.fixtures.url}/index.html`,
    schedule: { kind: 'weekdays', time: '08:00' },
    timeZone: 'America/New_York',
    sites: ['127.0.0.1'],
  };
  const file = (routines: unknown[]) => {
    const path = join(mkdtempSync(join(tmpdir(), 'steward-import-')), 'routines.json');
    writeFileSync(path, JSON.stringify({ format: 'steward.routines', version: 1, routines }));
    return path;
  };
  const input = await panel.waitForSelector('input[aria-label="Import routines"]');
  await (input as import('puppeteer').ElementHandle<HTMLInputElement>).uploadFile(file([good, { ...good, name: 'Broken', schedule: { kind: 'daily', time: '9am' } }]));
  const errors = await panel.waitForSelector('::-p-aria([name="Import errors"][role="alert"])');
  expect(await errors!.evaluate((el) => (el as HTMLElement).innerText)).toContain('Routine 2 ("Broken"): Time must be a time such as 08:30 (24-hour clock).');
  expect(await count()).toBe(before);

  await (input as import('puppeteer').ElementHandle<HTMLInputElement>).uploadFile(file([good]));
  await panel.waitForSelector('::-p-text(Imported 1 routine.)');
  await panel.waitForSelector('::-p-aria([name="Routine Imported check"])');
  expect(await count()).toBe(before + 1);
});

it('a paused routine has no alarm and does not run; resuming sets it again', async () => {
  const id = await saveRoutine(steward, { ...checkoutRoutine(), name: 'Pausable' });
  const { panel } = steward;
  await panel.locator('::-p-aria(Routines)[aria-pressed]').click();
  await panel.locator('::-p-aria(Pause Pausable)').click();
  await panel.waitForSelector('::-p-aria(Resume Pausable)');
  await expect(fireAlarm(steward, id)).rejects.toThrow(/has no alarm/);
  await panel.locator('::-p-aria(Resume Pausable)').click();
  await panel.waitForSelector('::-p-aria(Pause Pausable)');
  expect(await evaluateInWorker(steward, `chrome.alarms.get(${JSON.stringify(`steward.routine:${id}`)}).then((alarm) => alarm !== undefined)`)).toBe(true);
  expect(await runsOf(steward, id)).toEqual([]);
});

it('"Save as routine" on a finished task opens the routine form with its prompt and page', async () => {
  steward.mock.setScript(() => ({ kind: 'text', text: 'Looked at it.' }));
  const { panel } = steward;
  await panel.locator('::-p-aria(Task)[aria-pressed]').click();
  await sendTask(steward, 'Look at the fixture page.');
  await panel.waitForSelector('::-p-aria([name="Final answer"][role="region"]) ::-p-text(Looked at it.)');
  await panel.locator('::-p-aria(Save as routine)').click();
  const prompt = await panel.waitForSelector('::-p-aria([name="Prompt"][role="textbox"])');
  expect(await prompt!.evaluate((el) => (el as HTMLTextAreaElement).value)).toBe('Look at the fixture page.');
  const start = await panel.waitForSelector('::-p-aria([name="Start URL"][role="textbox"])');
  expect(await start!.evaluate((el) => (el as HTMLInputElement).value)).toBe(`${steward.fixtures.url}/index.html`);
  await panel.locator('::-p-aria(Cancel)').click();
});

it('the worker stops in the middle of a run: the run goes on in its window and records its result once', async () => {
  const held = gate();
  steward.mock.setScript(countScript(held.promise));
  const id = await saveRoutine(steward, {
    name: 'Count through a restart',
    prompt: 'Add one to the counter and tell me what it shows.',
    path: '/counter.html',
    schedule: { kind: 'hourly', minute: 15 },
    timeZone: 'Europe/Berlin',
    notify: 'always',
  });
  await fireAlarm(steward, id);
  await steward.mock.waitForMessageRequests(2);
  await stopServiceWorker(steward);
  held.release();
  const done = await waitForRun(steward, id, (run) => run.endedAt !== undefined);
  expect(done).toMatchObject({ status: 'done', trigger: 'schedule', result: 'The counter shows 1.', notified: true });
  expect(steward.fixtures.effects.get('add')).toBe(1);
  expect(await runsOf(steward, id)).toHaveLength(1);
});

it('deleting a routine, once confirmed, removes it, its alarm and its runs', async () => {
  const id = await saveRoutine(steward, { ...checkoutRoutine(), name: 'Short-lived' });
  const { panel } = steward;
  await panel.locator('::-p-aria(Routines)[aria-pressed]').click();
  const confirmed = new Promise<string>((resolve) => panel.once('dialog', (dialog) => (resolve(dialog.message()), void dialog.accept())));
  await panel.locator('::-p-aria(Delete Short-lived)').click();
  expect(await confirmed).toBe('Delete the routine "Short-lived" and its run history?');
  await panel.waitForSelector('::-p-aria([name="Routine Short-lived"])', { hidden: true });
  expect(await evaluateInWorker(steward, `chrome.alarms.get(${JSON.stringify(`steward.routine:${id}`)}).then((alarm) => alarm === undefined)`)).toBe(true);
  expect(await runsOf(steward, id)).toEqual([]);
});

/** The Routines view's status line; read live, since its text changes in place. */
async function saidInStatus(text: string): Promise<void> {
  await steward.panel.waitForFunction((expected) => document.querySelector('.routines [role="status"]')?.textContent === expected, {}, text);
}

it('one run per routine at a time, and past the global limit runs wait their turn in order', async () => {
  await evaluateInWorker(steward, '__stewardDebug.setRoutineLimits({ maxConcurrentRuns: 1 })');
  const first = gate();
  steward.mock.setScript(async (request) => {
    if (userText(request).startsWith('First')) await first.promise;
    return { kind: 'text', text: `${userText(request).split(' ')[0]} done.` };
  });
  const base = { path: '/index.html', schedule: { kind: 'daily', time: '06:00' } };
  const a = await saveRoutine(steward, { ...base, name: 'Queue A', prompt: 'First routine.' });
  const b = await saveRoutine(steward, { ...base, name: 'Queue B', prompt: 'Second routine.' });
  const { panel } = steward;
  await panel.locator('::-p-aria(Routines)[aria-pressed]').click();
  await panel.locator('::-p-aria(Run now: Queue A)').click();
  await saidInStatus('Queue A: started in a window of its own.');
  await waitForRun(steward, a, (run) => run.status === 'running');
  await panel.locator('::-p-aria(Run now: Queue A)').click();
  await saidInStatus('Queue A: a run of it is already going on.');
  await panel.locator('::-p-aria(Run now: Queue B)').click();
  await saidInStatus('Queue B: queued; it starts when a running routine ends.');
  expect((await runsOf(steward, b))[0]).toMatchObject({ status: 'queued', trigger: 'manual' });

  first.release();
  expect(await waitForRun(steward, a, (run) => run.endedAt !== undefined)).toMatchObject({ status: 'done', result: 'First done.' });
  const second = await waitForRun(steward, b, (run) => run.endedAt !== undefined);
  expect(second).toMatchObject({ status: 'done', result: 'Second done.' });
  expect(second.startedAt!).toBeGreaterThanOrEqual((await runsOf(steward, a))[0]!.endedAt!);
  expect(await runsOf(steward, a)).toHaveLength(1);
  await evaluateInWorker(steward, '__stewardDebug.setRoutineLimits({ maxConcurrentRuns: 2 })');
});

it('the form offers every schedule kind and shows the next runs of each before saving; a bad cron expression says why', async () => {
  const { panel } = steward;
  await panel.locator('::-p-aria(Routines)[aria-pressed]').click();
  await panel.locator('::-p-aria(New routine)').click();
  const kind = await panel.waitForSelector('::-p-aria([name="Schedule"][role="combobox"])');
  const runs = () => panel.$$eval('section[aria-label="Next runs"] li', (items) => items.map((item) => item.textContent ?? ''));
  const options = await kind!.$$eval('option', (items) => items.map((item) => (item as HTMLOptionElement).value));
  expect(options).toEqual(['once', 'interval', 'hourly', 'daily', 'weekdays', 'weekly', 'cron']);
  for (const value of options) {
    await kind!.select(value);
    await panel.waitForFunction((expected) => document.querySelectorAll('section[aria-label="Next runs"] li').length === expected, {}, value === 'once' ? 1 : 5);
  }
  await fill(panel, 'Cron expression', '0 9 * *');
  await panel.waitForSelector('::-p-aria([name="Next runs"][role="region"]) ::-p-text(five fields)');
  expect(await runs()).toEqual([]);
  await fill(panel, 'Cron expression', '30 7 * * 1');
  await panel.waitForFunction(() => document.querySelectorAll('section[aria-label="Next runs"] li').length === 5);
  expect((await runs()).every((line) => /^Mon, .* 07:30 /.test(line))).toBe(true);
  await panel.locator('::-p-aria(Cancel)').click();
});

it("a run that reaches the routine's budget fails, says so, and is notified as a failure", async () => {
  steward.mock.setScript(() => ({ kind: 'tool_use', calls: [{ name: 'get_page_text', input: {} }] }));
  const id = await saveRoutine(steward, {
    name: 'Tight budget',
    prompt: 'Read the page again and again.',
    path: '/index.html',
    schedule: { kind: 'daily', time: '05:00' },
    budget: { maxSteps: 2, maxMinutes: 5, maxCostUsd: 1 },
  });
  await fireAlarm(steward, id);
  const run = await waitForRun(steward, id, (candidate) => candidate.endedAt !== undefined);
  expect(run).toMatchObject({ status: 'failed', notified: true });
  expect(inEnglish(run.error ?? '')).toBe("The task reached its limit of 2 steps (the routine's budget).");
  expect(await notificationIds(steward)).toContain(`steward.result:${run.id}`);
});

it('closing a run’s window stops the run, which is recorded as stopped', async () => {
  const held = gate();
  steward.mock.setScript(countScript(held.promise));
  const id = await saveRoutine(steward, {
    name: 'Closed by hand',
    prompt: 'Add one to the counter.',
    path: '/counter.html',
    schedule: { kind: 'daily', time: '04:00' },
  });
  await fireAlarm(steward, id);
  const running = await waitForRun(steward, id, (run) => run.status === 'running' && run.windowId !== undefined);
  await steward.mock.waitForMessageRequests(2);
  await evaluateInWorker(steward, `chrome.windows.remove(${running.windowId})`);
  held.release();
  const ended = await waitForRun(steward, id, (run) => run.endedAt !== undefined);
  expect(ended).toMatchObject({ status: 'stopped', notified: true });
  expect(inEnglish(ended.error ?? '')).toBe('You closed the window the run worked in.');
  expect(steward.fixtures.effects.get('add') ?? 0).toBe(0);
});
