import { expect, it } from 'vitest';
import { findRef, lastToolResults, toolResultText } from '../mock-anthropic/conversation';
import type { AlignmentScript, Script } from '../mock-anthropic/server';
import { evaluateInWorker, gate, sendTask, type Steward, timeline, useConfiguredSteward } from './harness';
import { fireAlarm, saveRoutine, waitForRun } from './routine-helpers';

let steward: Steward;
useConfiguredSteward((launched) => (steward = launched), '/stationery.html');

const TASK = 'Add the blue notebook to my cart.';
/** Text only the page holds: the agent reads it, the alignment check must never see it. */
const PAGE_ONLY = 'ZEBRA-LANTERN-4412';
const APPROVAL = '::-p-aria([name="Approval needed"][role="alertdialog"])';
const FINAL = '::-p-aria([name="Final answer"][role="region"])';

/** Reads the page, presses `button` `presses` times, then says how the last press went. */
function pressScript(button: string, presses = 1): Script {
  let ref = '';
  return (request, { index }) => {
    if (index === 0) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
    const [last] = lastToolResults(request);
    if (index === 1) ref = findRef(toolResultText(last!), 'button', button);
    if (index <= presses) return { kind: 'tool_use', text: `Pressing ${button}.`, calls: [{ name: 'left_click', input: { target: { type: 'ref', ref } } }] };
    return { kind: 'text', text: last?.is_error ? `Not done: ${toolResultText(last)}` : `Pressed ${button} ${presses} times.` };
  };
}

/** The alignment check of a careful model: sharing the wishlist is not what the task asked. */
const judge: AlignmentScript = (request) =>
  JSON.stringify(request.messages).includes('Share my wishlist publicly')
    ? { kind: 'verdict', aligned: false, reason: 'The user asked to add a notebook to the cart, not to share their wishlist.' }
    : { kind: 'verdict', aligned: true, reason: 'Adding the notebook is the task.' };

/** The task as stored, through the panel's own request for a history export. */
async function latestTask(): Promise<{ usage: { input: number; output: number; cacheWrite: number; cacheRead: number }; alignment?: { calls: number; verdicts: Record<string, { aligned: boolean }> } }> {
  return steward.panel.evaluate(async () => {
    const list = (await chrome.runtime.sendMessage({ type: 'history.list' })) as { value: Array<{ id: string }> };
    const exported = (await chrome.runtime.sendMessage({ type: 'history.export', taskId: list.value[0]!.id })) as { value: { json: string } };
    return JSON.parse(exported.value.json);
  });
}

async function usageText(): Promise<string> {
  const usage = await steward.panel.waitForSelector('::-p-aria([name="Tokens and cost"])');
  return usage!.evaluate((element) => (element as HTMLElement).innerText);
}

async function setAlignmentCheck(on: boolean): Promise<void> {
  const { panel } = steward;
  await panel.locator('::-p-aria(Settings)[aria-pressed]').click();
  const box = await panel.waitForSelector('::-p-aria([name="Check each action against the task (alignment check)"][role="checkbox"])');
  if ((await box!.evaluate((element) => (element as HTMLInputElement).checked)) !== on) await box!.click();
  await panel.locator('::-p-aria(Save)').click();
  await panel.waitForSelector('::-p-text(Settings saved.)');
  await panel.locator('::-p-aria(Task)[aria-pressed]').click();
}

it('a hijacked click on a trusted site that the task did not ask for waits on a card with the reason; Reject stops it and tells the model why', async () => {
  steward.mock.setAlignmentScript(judge);
  steward.mock.setScript(pressScript('Share my wishlist publicly'));
  await sendTask(steward, TASK);
  const card = await steward.panel.waitForSelector(APPROVAL);
  const text = await card!.evaluate((element) => (element as HTMLElement).innerText);
  expect(text).toContain('This may not be what you asked for');
  expect(text).toMatch(/Click button "Share my wishlist publicly"/);
  expect(text).toContain('not to share their wishlist');
  expect(steward.fixtures.effects.get('share') ?? 0).toBe(0);

  await steward.panel.locator('::-p-aria(Reject)').click();
  const final = await steward.panel.waitForSelector(FINAL);
  expect(await final!.evaluate((element) => (element as HTMLElement).innerText)).toMatch(/Not done: .*declined this action after Steward's alignment check .*not to share their wishlist/);
  expect(steward.fixtures.effects.get('share') ?? 0).toBe(0);
  expect((await timeline(steward.panel)).map((entry) => [entry.member, entry.status])).toEqual([
    ['read_page', 'ok'],
    ['left_click', 'error'],
  ]);

  // The check saw the task and the action, never the page's text, which the agent did read.
  const [check] = steward.mock.alignmentRequests();
  const body = JSON.stringify(check!.body);
  expect(body).toContain(TASK);
  expect(body).toContain('Share my wishlist publicly');
  expect(body).not.toContain(PAGE_ONLY);
  expect(body).not.toContain('Blue notebook, A5');
  expect(JSON.stringify(steward.mock.messageRequests().at(-1)!.body)).toContain(PAGE_ONLY);
});

it('an aligned action runs without a card; the same action again reuses the verdict; the check\'s tokens are in the task\'s cost', async () => {
  const held = gate();
  steward.mock.setAlignmentScript(async (request, check) => {
    await held.promise;
    return judge(request, check);
  });
  steward.mock.setScript(pressScript('Add to cart', 3));
  await sendTask(steward, TASK);
  // While the check runs, the panel says what the task waits for, and nothing has been pressed.
  await steward.panel.waitForSelector('::-p-text(Checking this action against your task)');
  expect(steward.fixtures.effects.get('cart') ?? 0).toBe(0);
  held.release();
  await steward.panel.waitForSelector(`${FINAL} ::-p-text(Pressed Add to cart 3 times.)`);
  expect(steward.fixtures.effects.get('cart')).toBe(3);
  expect(await steward.panel.$(APPROVAL)).toBeNull();
  expect(steward.mock.alignmentRequests()).toHaveLength(1);

  expect(await usageText()).toMatch(/incl\. alignment checks: 1 call$/);
  const record = await latestTask();
  expect(record.alignment?.calls).toBe(1);
  expect(Object.values(record.alignment?.verdicts ?? {})).toEqual([expect.objectContaining({ aligned: true })]);
  const billed = [...steward.mock.messageRequests(), ...steward.mock.alignmentRequests()].map((request) => request.usage!);
  const sum = (pick: (usage: (typeof billed)[number]) => number) => billed.reduce((total, usage) => total + pick(usage), 0);
  expect(record.usage.input).toBe(sum((usage) => usage.input_tokens));
  expect(record.usage.output).toBe(sum((usage) => usage.output_tokens));
  expect(record.usage.cacheWrite + record.usage.cacheRead).toBe(sum((usage) => (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0)));
});

it('a malformed verdict fails closed to a card, and the task goes on after Approve', async () => {
  steward.mock.setAlignmentScript(() => ({ kind: 'malformed' }));
  steward.mock.setScript(pressScript('Add to cart'));
  await sendTask(steward, TASK);
  const card = await steward.panel.waitForSelector(APPROVAL);
  expect(await card!.evaluate((element) => (element as HTMLElement).innerText)).toContain('Steward could not check this action against your task');
  expect(steward.fixtures.effects.get('cart') ?? 0).toBe(0);
  await steward.panel.locator('::-p-aria(Approve)').click();
  await steward.panel.waitForSelector(`${FINAL} ::-p-text(Pressed Add to cart 1 times.)`);
  expect(steward.fixtures.effects.get('cart')).toBe(1);
});

it('with the check turned off in Settings, no alignment call is made', async () => {
  await setAlignmentCheck(false);
  try {
    steward.mock.setAlignmentScript(judge);
    steward.mock.setScript(pressScript('Share my wishlist publicly'));
    await sendTask(steward, TASK);
    await steward.panel.waitForSelector(`${FINAL} ::-p-text(Pressed Share my wishlist publicly 1 times.)`);
    expect(steward.fixtures.effects.get('share')).toBe(1);
    expect(steward.mock.alignmentRequests()).toHaveLength(0);
    expect(await usageText()).not.toMatch(/alignment/);
  } finally {
    await setAlignmentCheck(true);
  }
});

it('a routine run checks its actions too, against the routine\'s prompt and agreed sites, and waits for the user on a doubt', async () => {
  steward.mock.setAlignmentScript(judge);
  steward.mock.setScript(pressScript('Share my wishlist publicly'));
  const id = await saveRoutine(steward, {
    name: 'Notebook order',
    prompt: TASK,
    path: '/stationery.html',
  });
  await fireAlarm(steward, id);
  const waiting = await waitForRun(steward, id, (run) => run.status === 'waiting');
  expect(waiting.waitingFor).toMatch(/Share my wishlist publicly.*not to share their wishlist/);
  const [check] = steward.mock.alignmentRequests();
  expect(JSON.stringify(check!.body)).toMatch(/<plan>.*Sites: 127\.0\.0\.1/);
  await evaluateInWorker(steward, `__stewardDebug.expireRoutineWait(${JSON.stringify(waiting.id)})`);
  await waitForRun(steward, id, (run) => run.endedAt !== undefined);
  expect(steward.fixtures.effects.get('share') ?? 0).toBe(0);
});
