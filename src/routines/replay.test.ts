import type { BetaMessage, BetaMessageParam } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { describe, expect, it, vi } from 'vitest';
import { type AgentHooks, initialState, type LoopState, runAgentLoop } from '../agent/loop';
import { FakeDriver } from '../browser/fake-driver';
import type { NavigationTarget } from '../browser/driver';
import { StewardBrowserToolset } from '../browser/toolset';
import type { ModelPort } from '../model/anthropic';
import type { FindCandidate } from '../protocol/content';
import { TraceRecorder, withTraceRecorder } from './recorder';
import { replayModel, driverPage, replayOutcome, HANDOVER_MARK, replayToolUseId, type ReplaySource, withoutHandoverNote } from './replay';
import { buildTrace, type Trace, type TraceDraft } from './trace';

/** A shop page: its address follows navigation, its text is the price. */
class ShopDriver extends FakeDriver {
  text = 'Kettle Pro. Price: 10 EUR';
  constructor() {
    super();
    this.candidates = [button('ref_1', 'Add to cart')];
  }
  override async navigate(tabId: number, target: NavigationTarget) {
    const result = await super.navigate(tabId, target);
    this.tabList = this.tabList.map((tab) => (tab.id === tabId ? { ...tab, url: result.url } : tab));
    return result;
  }
  override async pageText() {
    return this.text;
  }
}
const button = (ref: string, name: string): FindCandidate => ({ ref, role: 'button', name, tag: 'button', inViewport: true, interactive: true, order: 0 });

const message = (content: unknown[], stop: BetaMessage['stop_reason'] = 'tool_use') =>
  ({ id: 'msg', type: 'message', role: 'assistant', model: 'm', content, stop_reason: stop, stop_sequence: null, usage: { input_tokens: 100, output_tokens: 10 } }) as unknown as BetaMessage;
let n = 0;
const call = (name: string, input: unknown) => ({ type: 'tool_use', id: `toolu_${++n}`, name, input, toolset_name: 'browser' });
const text = (value: string) => ({ type: 'text', text: value, citations: null });

/** Claude, played from a script; it counts and keeps what it was asked. */
function claude(turns: BetaMessage[]): ModelPort & { requests: Array<Parameters<ModelPort['stream']>[0]> } {
  const requests: Array<Parameters<ModelPort['stream']>[0]> = [];
  return {
    modelId: 'claude-test',
    requests,
    async stream(request) {
      requests.push(structuredClone(request));
      const turn = turns.shift();
      if (!turn) throw new Error('Claude was asked more often than the script says');
      return turn;
    },
  };
}

function hooks(saved: LoopState[] = []): AgentHooks {
  return {
    onText: () => undefined,
    onStreamReset: () => undefined,
    onStatus: () => undefined,
    onAssistantMessage: () => undefined,
    onToolStart: () => undefined,
    onToolEnd: () => undefined,
    persist: async (state) => void saved.push(structuredClone(state)),
  };
}

const PROMPT = 'What does the kettle cost?';
const signal = new AbortController().signal;

async function recordRun(driver = new ShopDriver()): Promise<Trace> {
  const model = claude([
    message([call('navigate', { url: 'http://shop.test/kettle' })]),
    message([call('find', { query: 'add to cart' })]),
    message([call('left_click', { target: { type: 'ref', ref: 'ref_1' } })]),
    message([call('get_page_text', {})]),
    message([text('10 EUR')], 'end_turn'),
  ]);
  const draft: TraceDraft = { steps: [] };
  const outcome = await runAgentLoop({ model, toolset: new StewardBrowserToolset(driver), system: 's', state: initialState(PROMPT), signal, hooks: withTraceRecorder(hooks(), new TraceRecorder(driver, draft)) });
  expect(outcome).toEqual({ status: 'done', finalText: '10 EUR' });
  const built = buildTrace(draft, {}, 1);
  if (!built.trace) throw new Error(built.reason);
  return built.trace;
}

function replay(trace: Trace, driver: ShopDriver, real: ModelPort, state: LoopState = initialState(PROMPT), saved: LoopState[] = []) {
  const source: ReplaySource = { trace, previousResult: '10 EUR', prompt: PROMPT };
  return runAgentLoop({ model: replayModel(source, driverPage(driver, 300), real), toolset: new StewardBrowserToolset(driver), system: 's', state, signal, hooks: hooks(saved) });
}

const clicks = (driver: FakeDriver) => driver.calls.filter((entry) => entry.method === 'click').length;
const navigations = (driver: FakeDriver) => driver.calls.filter((entry) => entry.method === 'navigate').length;

describe('a recorded trace', () => {
  it('keeps the actions with locators and the last page read as the region, and leaves out what only helped choose', async () => {
    const trace = await recordRun();
    expect(trace.steps.map((step) => step.member)).toEqual(['navigate', 'left_click', 'get_page_text']);
    expect(trace.steps[1]).toMatchObject({ refAt: 'target', input: { target: { type: 'ref' } }, locator: { role: 'button', name: 'Add to cart', urlPattern: 'http://shop.test/kettle' } });
    expect(JSON.stringify(trace)).not.toContain('ref_1');
    expect(trace.steps[2]?.readHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is not made from a run that clicked a point on the screen', () => {
    const draft: TraceDraft = { steps: [{ toolUseId: 't', member: 'left_click', input: { target: { type: 'coordinate', x: 1, y: 2 } }, urlPattern: 'http://a/', ok: true, unreplayable: 'it acted on a point of the screen, not on an element' }] };
    expect(buildTrace(draft, {}, 1)).toEqual({ reason: expect.stringContaining('point of the screen') });
  });
});

describe('replaying a trace', () => {
  it('on an unchanged page: does every action again with fresh refs, answers the previous result, and asks Claude nothing', async () => {
    const trace = await recordRun();
    const driver = new ShopDriver();
    driver.candidates = [button('ref_40', 'Add to cart')];
    driver.refs.set('ref_40', { point: { x: 5, y: 5 }, description: 'button "Add to cart"' });
    const real = claude([]);
    const saved: LoopState[] = [];
    const outcome = await replay(trace, driver, real, initialState(PROMPT), saved);
    expect(outcome).toEqual({ status: 'done', finalText: '10 EUR' });
    expect([navigations(driver), clicks(driver), real.requests.length]).toEqual([1, 1, 0]);
    expect(await replayOutcome(saved.at(-1)!.messages, trace)).toEqual({ kind: 'replayed', modelCalls: 0, unchanged: true });
  });

  it('when the price changed: one call without tools turns the new text and the previous result into the new result', async () => {
    const trace = await recordRun();
    const driver = new ShopDriver();
    driver.text = 'Kettle Pro. Price: 12 EUR';
    const real = claude([message([text('12 EUR')], 'end_turn')]);
    const saved: LoopState[] = [];
    expect(await replay(trace, driver, real, initialState(PROMPT), saved)).toEqual({ status: 'done', finalText: '12 EUR' });
    expect(real.requests).toHaveLength(1);
    expect(real.requests[0]?.tools).toBeUndefined();
    expect(JSON.stringify(real.requests[0]?.messages)).toContain('Price: 12 EUR');
    expect(JSON.stringify(real.requests[0]?.messages)).toContain('10 EUR');
    expect(await replayOutcome(saved.at(-1)!.messages, trace)).toEqual({ kind: 'replayed', modelCalls: 1, unchanged: false });
  });

  it('when the button was renamed: hands over to Claude at that step, telling it what was replayed and where it diverged', async () => {
    const trace = await recordRun();
    const driver = new ShopDriver();
    driver.candidates = [button('ref_1', 'Buy now')];
    const real = claude([message([text('It now says Buy now; I did not buy.')], 'end_turn')]);
    const saved: LoopState[] = [];
    const outcome = await replay(trace, driver, real, initialState(PROMPT), saved);
    expect(outcome).toMatchObject({ status: 'done', finalText: expect.stringContaining('I did not buy') });
    expect(clicks(driver)).toBe(0);
    const told = JSON.stringify(real.requests[0]?.messages);
    expect(told).toContain(`${HANDOVER_MARK} step 1 of this routine's recorded run of 3 steps`);
    expect(told).toContain('button \\"Add to cart\\" is no longer on the page');
    expect(await replayOutcome(saved.at(-1)!.messages, trace)).toEqual({ kind: 'replayed-then-claude', fromStep: 2, modelCalls: 1 });
    // The run's result is Claude's answer alone: the note opens the final message, not what people are notified of.
    expect(withoutHandoverNote(outcome.status === 'done' ? outcome.finalText : '')).toBe('It now says Buy now; I did not buy.');
  });

  it('when a dialog the recorded run did not meet is open: hands over at that step, though the target is there and nothing covers it', async () => {
    const trace = await recordRun();
    expect(trace.steps.map((step) => step.dialogs)).toEqual([undefined, [], []]);
    const driver = new ShopDriver();
    driver.dialogs = [{ role: 'dialog', name: 'Get our newsletter' }];
    const real = claude([message([text('10 EUR')], 'end_turn')]);
    const saved: LoopState[] = [];
    await replay(trace, driver, real, initialState(PROMPT), saved);
    expect(clicks(driver)).toBe(0);
    expect(JSON.stringify(real.requests[0]?.messages)).toContain('at step 2 a dialog \\"Get our newsletter\\" is open that the recorded run did not meet here');
    expect(await replayOutcome(saved.at(-1)!.messages, trace)).toEqual({ kind: 'replayed-then-claude', fromStep: 2, modelCalls: 1 });
  });

  it('when the dialogs are those the recorded run met: replays as before', async () => {
    const recording = new ShopDriver();
    recording.dialogs = [{ role: 'dialog', name: 'Cookies' }];
    const trace = await recordRun(recording);
    const driver = new ShopDriver();
    driver.dialogs = [{ role: 'dialog', name: 'Cookies' }];
    const real = claude([]);
    expect(await replay(trace, driver, real)).toEqual({ status: 'done', finalText: '10 EUR' });
    expect([clicks(driver), real.requests.length]).toEqual([1, 0]);
  });

  it('when an action did not have its recorded effect (the click led to another page then): hands over at the next step', async () => {
    const trace = await recordRun();
    // As recorded, the click took the tab to the cart, where the price was read.
    trace.steps[2]!.urlPattern = 'http://shop.test/cart';
    const driver = new ShopDriver();
    const real = claude([message([text('10 EUR')], 'end_turn')]);
    const saved: LoopState[] = [];
    await replay(trace, driver, real, initialState(PROMPT), saved);
    expect(clicks(driver)).toBe(1);
    expect(JSON.stringify(real.requests[0]?.messages)).toContain('at step 3 the page is http://shop.test/kettle, not http://shop.test/cart as when it was recorded');
    expect(await replayOutcome(saved.at(-1)!.messages, trace)).toEqual({ kind: 'replayed-then-claude', fromStep: 3, modelCalls: 1 });
  });

  it('after a restart: picks up from the stored conversation without doing any action again', async () => {
    const trace = await recordRun();
    const first = new ShopDriver();
    const saved: LoopState[] = [];
    // The worker dies once the click's result is stored (a model that refuses stands for the stop).
    const dying: ModelPort = { modelId: 'x', stream: () => Promise.reject(new Error('worker stopped')) };
    const model = replayModel({ trace, previousResult: '10 EUR', prompt: PROMPT }, driverPage(first, 300), dying);
    const state = initialState(PROMPT);
    let steps = 0;
    await runAgentLoop({ model, toolset: new StewardBrowserToolset(first), system: 's', state, signal, hooks: hooks(saved), budgetExceeded: () => (++steps > 2 ? 'stop here' : undefined) });
    expect([navigations(first), clicks(first)]).toEqual([1, 1]);
    const resumed = new ShopDriver();
    resumed.tabList = first.tabList;
    const outcome = await replay(trace, resumed, claude([]), structuredClone(state));
    expect(outcome).toEqual({ status: 'done', finalText: '10 EUR' });
    expect([navigations(resumed), clicks(resumed)]).toEqual([0, 0]);
  });

  it('after a restart during an action: does not repeat it; Claude takes over, told it was interrupted', async () => {
    const trace = await recordRun();
    const driver = new ShopDriver();
    driver.tabList = [{ id: 1, title: 'Kettle', url: 'http://shop.test/kettle' }];
    const interrupted: LoopState = {
      messages: [
        { role: 'user', content: PROMPT },
        { role: 'assistant', content: [{ type: 'tool_use', id: replayToolUseId(0), name: 'navigate', input: { url: 'http://shop.test/kettle' }, toolset_name: 'browser' }] } as BetaMessageParam,
      ],
      pendingResults: [],
      inFlight: replayToolUseId(0),
      steps: 1,
    };
    const real = claude([message([text('10 EUR')], 'end_turn')]);
    await replay(trace, driver, real, interrupted);
    expect(navigations(driver)).toBe(0);
    expect(JSON.stringify(real.requests[0]?.messages)).toContain('Interrupted');
  });
});

describe('driverPage', () => {
  /** A page whose Add to cart button appears only after a navigation it announces through watchPage. */
  class LoadingDriver extends ShopDriver {
    watching = 0;
    #moved: Array<() => void> = [];
    constructor() {
      super();
      this.candidates = [];
    }
    watchPage() {
      this.watching++;
      let resolve = () => {};
      const changed = new Promise<void>((done) => (resolve = done));
      this.#moved.push(resolve);
      return { changed, stop: () => this.watching-- };
    }
    arrive(): void {
      this.candidates = [button('ref_9', 'Add to cart')];
      for (const moved of this.#moved.splice(0)) moved();
    }
  }
  const locator = { role: 'button', name: 'Add to cart', index: 0, count: 1, neighbours: ['', ''] as [string, string], urlPattern: 'http://localhost/start', frame: [] };

  it('looks again as soon as the page moves on, not on its next poll, and lets go of the watch', async () => {
    vi.useFakeTimers();
    try {
      const driver = new LoadingDriver();
      const found = driverPage(driver, 5_000).resolve(locator, new AbortController().signal);
      await vi.waitFor(() => expect(driver.watching).toBe(1));
      // No timer runs (they are fake and never advanced): only the page's event can wake the wait.
      driver.arrive();
      await expect(found).resolves.toEqual({ found: true, ref: 'ref_9', dialogs: [] });
      expect(driver.watching).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
