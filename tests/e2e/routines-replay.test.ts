import { expect, it } from 'vitest';
import type { RoutineRun } from '../../src/store/routines';
import { evaluateInWorker, type Steward, stopServiceWorker, useConfiguredSteward } from './harness';
import { fireAlarm, saveRoutine, waitForRun } from './routine-helpers';
import { SHOP_PROMPT, shopScript } from './shop-script';

let steward: Steward;
useConfiguredSteward((launched) => (steward = launched), '/index.html');

const RUN_MS = 120_000;
const shopUrl = () => `${steward.fixtures.url}/shop/index.html`;

/** The shop pages read their variant from localStorage, which the run's window shares with this page. */
async function setVariant(...names: string[]): Promise<void> {
  await steward.page.evaluate((value) => localStorage.setItem('shop.variant', value), names.join(','));
}

async function shopRoutine(name: string): Promise<string> {
  return saveRoutine(steward, {
    name,
    prompt: SHOP_PROMPT,
    startUrl: shopUrl(),
    schedule: { kind: 'interval', everyMinutes: 30 },
    timeZone: 'UTC',
    sites: ['127.0.0.1'],
    notify: 'failure',
  });
}

/** The actions the alignment check was asked about (as the request describes them), from the `from`th request on. */
function actionsAsked(from: number): string[] {
  return steward.mock.alignmentRequests().slice(from).map((request) => {
    const { messages } = request.body as { messages: Array<{ content: unknown }> };
    const text = messages.map((message) => (typeof message.content === 'string' ? message.content : JSON.stringify(message.content))).join('\n');
    const action = /<action>\n([\s\S]*?)\n<\/action>/.exec(text)?.[1];
    return action ? JSON.stringify(JSON.parse(action)) : text;
  });
}

/** Fires the routine and waits for that run's end; returns it with the model's requests it made and the actions the alignment check was asked about. */
async function runOnce(id: string, previous?: RoutineRun): Promise<{ run: RoutineRun; calls: number; asked: string[] }> {
  const [calls, checks] = [steward.mock.messageRequests().length, steward.mock.alignmentRequests().length];
  await fireAlarm(steward, id);
  const run = await waitForRun(steward, id, (candidate) => candidate.id !== previous?.id && candidate.endedAt !== undefined, RUN_MS);
  return { run, calls: steward.mock.messageRequests().length - calls, asked: actionsAsked(checks) };
}

/** The first run, done by Claude (the scripted model), leaves a trace. */
async function recorded(name: string, ...variants: string[]): Promise<{ id: string; first: RoutineRun }> {
  await setVariant(...variants);
  steward.mock.setScript(shopScript(shopUrl()));
  const id = await shopRoutine(name);
  const { run: first, calls } = await runOnce(id);
  // 11 calls, or a few more when a page was read before its navigation had started (the script waits and reads again).
  expect(first).toMatchObject({ status: 'done', result: 'Kettle Pro costs 10.00 EUR.', replay: { kind: 'claude', modelCalls: calls } });
  expect(calls).toBeGreaterThanOrEqual(11);
  expect(first.trace?.steps.map((step) => step.member)).toEqual(['navigate', 'left_click', 'type', 'left_click', 'left_click', 'left_click', 'get_page_text']);
  return { id, first };
}

it(
  'a routine run on unchanged pages replays the trace with 0 model calls and reports the previous result, unchanged; with the price changed, one call makes the new result',
  async () => {
    const { id, first } = await recorded('Kettle price');
    const cartBefore = steward.fixtures.effects.get('cart') ?? 0;

    const { run: second, calls, asked } = await runOnce(id, first);
    expect(second).toMatchObject({ status: 'done', result: 'Kettle Pro costs 10.00 EUR.', changed: false, replay: { kind: 'replayed', modelCalls: 0, tokens: 0, unchanged: true } });
    // Every replayed action is described as in the recorded run, so each recorded verdict is reused.
    expect({ calls, asked }).toEqual({ calls: 0, asked: [] });
    // It acted, through the page: the cart click was done again, once.
    expect(steward.fixtures.effects.get('cart')).toBe(cartBefore + 1);

    await setVariant('price');
    const { run: third, calls: changedCalls } = await runOnce(id, second);
    expect(third).toMatchObject({ status: 'done', result: 'Kettle Pro costs 12.00 EUR.', changed: true, replay: { kind: 'replayed', modelCalls: 1, unchanged: false } });
    expect(changedCalls).toBe(1);
    const [request] = steward.mock.messageRequests().slice(-1);
    expect((request!.body as { tools?: unknown[] }).tools).toBeUndefined();

    // The panel shows how each run was done.
    const { panel } = steward;
    await panel.locator('::-p-aria(Routines)[aria-pressed]').click();
    await panel.locator('::-p-aria(Runs of Kettle price)').click();
    await panel.waitForSelector('.run-how[data-how="replayed"] ::-p-text(0 model calls)');
    await panel.waitForSelector(`.run-how[data-how="claude"] ::-p-text(${first.replay!.modelCalls} model calls)`);
  },
  4 * RUN_MS,
);

it(
  'a replay whose start page is still on its way when the first step comes describes that step as the recorded run did, and asks the alignment check nothing',
  async () => {
    const { id, first } = await recorded('Kettle slow start');
    // The run's tab has not shown its start page yet when the replay, which waits for no model, navigates.
    const held = steward.fixtures.holdNext('/shop/index.html');
    try {
      const { run, calls, asked } = await runOnce(id, first);
      expect(run).toMatchObject({ status: 'done', result: 'Kettle Pro costs 10.00 EUR.', replay: { kind: 'replayed', modelCalls: 0, unchanged: true } });
      expect({ calls, asked }).toEqual({ calls: 0, asked: [] });
    } finally {
      held.release();
    }
  },
  3 * RUN_MS,
);

it.each([
  ['a button renamed', 'renamed', 4, /at step 4 button \\"Search\\" [^.]*is no longer on the page/],
  ['a result list reordered', 'reordered', 5, /reordered/],
  // Seen before the click it would have covered: a dialog the recorded run did not meet.
  ['a cookie banner that appears', 'cookie', 2, /at step 2 a dialog \\"Cookies\\" is open that the recorded run did not meet here/],
  // It covers nothing the routine clicks: a new dialog is a divergence all the same.
  ['a newsletter dialog in a corner', 'newsletter', 6, /at step 6 a dialog \\"Get our newsletter\\" is open that the recorded run did not meet here/],
] as const)(
  'a replay that meets %s hands over to Claude at that step, told where it diverged, and the run completes',
  async (_what, variant, divergesAt, reason) => {
    const { id, first } = await recorded(`Kettle ${variant}`);
    await setVariant(variant);
    const { run, calls } = await runOnce(id, first);
    expect(run).toMatchObject({ status: 'done', result: 'Kettle Pro costs 10.00 EUR.', replay: { kind: 'replayed-then-claude', fromStep: divergesAt } });
    expect(calls).toBeGreaterThan(0);
    const told = JSON.stringify(steward.mock.messageRequests().at(-calls)!.body);
    expect(told).toMatch(/Steward replayed/);
    expect(told).toMatch(reason);
    // The run then recorded a fresh trace.
    expect(run.trace?.recordedAt).toBeGreaterThan(first.trace!.recordedAt);
  },
  3 * RUN_MS,
);

it(
  'a replay that now meets "Buy now" where "Add to cart" was does not buy: Claude takes over and the run waits for approval',
  async () => {
    const { id, first } = await recorded('Kettle buy');
    await setVariant('buy');
    await fireAlarm(steward, id);
    const waiting = await waitForRun(steward, id, (run) => run.id !== first.id && run.status === 'waiting', RUN_MS);
    expect(waiting.waitingFor).toMatch(/Buy now/);
    expect(steward.fixtures.effects.get('buy') ?? 0).toBe(0);
    await evaluateInWorker(steward, `__stewardDebug.expireRoutineWait(${JSON.stringify(waiting.id)})`);
    const ended = await waitForRun(steward, id, (run) => run.id === waiting.id && run.endedAt !== undefined, RUN_MS);
    expect(ended.status).toBe('needs-attention');
    expect(steward.fixtures.effects.get('buy') ?? 0).toBe(0);
  },
  3 * RUN_MS,
);

it.each([
  ['of the same origin', []],
  ['of another origin', ['cross']],
] as const)(
  'a target in a frame %s is found again in that frame after the frames changed places, not in the frame beside it with a control of the same name',
  { timeout: 3 * RUN_MS },
  async (_origin, cross) => {
    await steward.page.evaluate((origin) => localStorage.setItem('shop.frameOrigin', origin), steward.fixtures.crossOriginUrl);
    const { id, first } = await recorded(`Kettle framed ${cross.join('')}`, 'framed', ...cross);
    const searchFrame = { url: `${cross.length ? steward.fixtures.crossOriginUrl : steward.fixtures.url}/shop/search-frame.html`, title: 'Product search', index: 0 };
    expect(first.trace?.steps[1]?.locator).toMatchObject({ role: 'searchbox', name: 'Search products', count: 1, frame: [searchFrame] });
    expect(first.trace?.steps[3]?.locator).toMatchObject({ role: 'button', name: 'Search', frame: [searchFrame] });
    // The help frame, with a search box and a Search button of the same names, now comes first.
    await setVariant('framed', 'swapped', ...cross);
    const { run, calls } = await runOnce(id, first);
    expect(run).toMatchObject({ status: 'done', result: 'Kettle Pro costs 10.00 EUR.', replay: { kind: 'replayed', modelCalls: 0, unchanged: true } });
    expect(calls).toBe(0);
    expect(steward.fixtures.effects.get('help') ?? 0).toBe(0);
  },
);

it(
  'a replayed "Add to cart" that now sends its form to the checkout asks before it clicks, and declining it buys nothing',
  async () => {
    const { id, first } = await recorded('Kettle checkout');
    const cartBefore = steward.fixtures.effects.get('cart') ?? 0;
    const callsBefore = steward.mock.messageRequests().length;
    await setVariant('checkout');
    await fireAlarm(steward, id);
    const waiting = await waitForRun(steward, id, (run) => run.id !== first.id && run.status === 'waiting', RUN_MS);
    // The replay itself asks, at its sixth step, before Claude is called; the button's name alone would not have.
    expect(waiting.approval?.toolUseId).toBe('toolu_replay_005');
    expect(waiting.waitingFor).toMatch(/^left click button "Add to cart" on 127\.0\.0\.1:\d+: It would submit a payment or order form \(it presses "Add to cart"\)/);
    expect(steward.mock.messageRequests().length).toBe(callsBefore);
    // Rejected as the approval card does.
    const reply = (await steward.panel.evaluate(
      (taskId, approvalId) => chrome.runtime.sendMessage({ type: 'approval.answer', taskId, approvalId, approve: false }),
      waiting.taskId!,
      waiting.approval!.id,
    )) as { ok: boolean };
    expect(reply.ok).toBe(true);
    const ended = await waitForRun(steward, id, (run) => run.id === waiting.id && run.endedAt !== undefined, RUN_MS);
    // Claude, told where the replay stopped, answers at once; the run's result is its answer, without the handover note.
    expect(ended).toMatchObject({ status: 'done', replay: { kind: 'replayed-then-claude', fromStep: 7 } });
    expect(JSON.stringify(steward.mock.messageRequests().at(-1)!.body.messages)).toMatch(/at step 7 the action failed: The user declined this action/);
    expect(ended.result).toBe('Kettle Pro was not added: the user declined.');
    expect(steward.fixtures.submissions.filter((submission) => submission.path === '/checkout/buy')).toEqual([]);
    expect(steward.fixtures.effects.get('cart') ?? 0).toBe(cartBefore);
  },
  3 * RUN_MS,
);

it(
  'a replayed run across a worker restart completes without repeating an action',
  async () => {
    const { id, first } = await recorded('Kettle restart');
    const cartBefore = steward.fixtures.effects.get('cart') ?? 0;
    // The replayed typing is done, and the worker stops before its result is recorded.
    await evaluateInWorker(steward, `__stewardDebug.holdNextActionBeforeRecording('type')`);
    await fireAlarm(steward, id);
    await waitForRun(steward, id, (run) => run.id !== first.id && run.status === 'running', RUN_MS);
    const deadline = Date.now() + RUN_MS;
    // The search box holds "kettle" once the held action has typed it.
    while (!(await searchBoxValue()).includes('kettle') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    await stopServiceWorker(steward);
    const run = await waitForRun(steward, id, (candidate) => candidate.id !== first.id && candidate.endedAt !== undefined, RUN_MS);
    // Typed once: a repeat would have searched for "kettlekettle" and found nothing.
    expect(run).toMatchObject({ status: 'done', result: 'Kettle Pro costs 10.00 EUR.', replay: { kind: 'replayed-then-claude', fromStep: 4 } });
    expect(steward.fixtures.effects.get('cart')).toBe(cartBefore + 1);
  },
  3 * RUN_MS,
);

/** The search box of the shop page in a routine's window, read through the worker (empty when there is none). */
async function searchBoxValue(): Promise<string> {
  return (await evaluateInWorker(
    steward,
    `(async () => {
      const tabs = await chrome.tabs.query({ url: ${JSON.stringify(`${steward.fixtures.url}/shop/index.html`)} });
      for (const tab of tabs) {
        // The page may be navigating away: then it holds no search box to read.
        const [result] = await chrome.scripting.executeScript({ target: { tabId: tab.id }, func: () => document.querySelector('input[type=search]')?.value ?? '' }).catch(() => []);
        if (result?.result) return result.result;
      }
      return '';
    })()`,
  )) as string;
}
