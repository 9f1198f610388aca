import { inEnglish } from '../i18n/english';
import Anthropic from '@anthropic-ai/sdk';
import type { BetaContentBlock, BetaMessage, BetaMessageParam } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { describe, expect, it } from 'vitest';
import { FakeDriver } from '../browser/fake-driver';
import { StewardBrowserToolset } from '../browser/toolset';
import type { ModelPort } from '../model/anthropic';
import { type AgentHooks, type AgentRun, initialState, INTERRUPTED, type LoopState, runAgentLoop } from './loop';
import { NOT_EXECUTED } from './tool-results';

function message(content: BetaContentBlock[], stop: BetaMessage['stop_reason'] = 'tool_use'): BetaMessage {
  return { id: 'msg', type: 'message', role: 'assistant', model: 'm', content, stop_reason: stop, stop_sequence: null, usage: {} } as unknown as BetaMessage;
}
const text = (value: string) => ({ type: 'text', text: value, citations: null }) as BetaContentBlock;
let n = 0;
const call = (name: string, input: unknown) => ({ type: 'tool_use', id: `t${++n}`, name, input, toolset_name: 'browser' }) as unknown as BetaContentBlock;

/** A model that plays a list of turns and records what it was sent. */
function scriptedModel(turns: Array<BetaMessage | Error>): ModelPort & { sent: BetaMessageParam[][] } {
  const sent: BetaMessageParam[][] = [];
  return {
    modelId: 'fake',
    sent,
    async stream(request, onText) {
      sent.push(structuredClone(request.messages));
      const turn = turns.shift();
      if (!turn) throw new Error('script ran out');
      if (turn instanceof Error) throw turn;
      for (const block of turn.content) if (block.type === 'text') onText(block.text);
      return turn;
    },
  };
}

function hooks(log: string[] = [], saved: LoopState[] = []): AgentHooks {
  return {
    onText: (delta) => void log.push(`text:${delta}`),
    onStreamReset: () => void log.push('reset'),
    onStatus: (status) => void (status && log.push(`status:${inEnglish(status)}`)),
    onAssistantMessage: () => void log.push('assistant'),
    onToolStart: (use) => void log.push(`start:${use.name}`),
    onToolEnd: (use, result) => void log.push(`end:${use.name}:${result.is_error ? 'error' : 'ok'}`),
    persist: async (state) => void saved.push(structuredClone(state)),
  };
}

function run(model: ModelPort, driver = new FakeDriver(), extra: Partial<AgentRun> = {}): Promise<ReturnType<typeof runAgentLoop> extends Promise<infer T> ? T : never> {
  return runAgentLoop({ model, toolset: new StewardBrowserToolset(driver), system: 's', state: initialState('go'), signal: new AbortController().signal, hooks: hooks(), ...extra });
}

describe('runAgentLoop', () => {
  it('runs tool calls in order, feeds the results back, persists every step, and ends on the final answer', async () => {
    const model = scriptedModel([message([text('Reading.'), call('read_page', {})]), message([text('Done.')], 'end_turn')]);
    const log: string[] = [];
    const saved: LoopState[] = [];
    const state = initialState('go');
    const outcome = await run(model, new FakeDriver(), { state, hooks: hooks(log, saved) });
    expect(outcome).toEqual({ status: 'done', finalText: 'Done.' });
    expect(log).toEqual(['text:Reading.', 'assistant', 'start:read_page', 'end:read_page:ok', 'text:Done.', 'assistant']);
    // The call is marked in flight before it runs, and its result stored before the next step.
    expect(saved.some((s) => s.inFlight !== undefined && s.pendingResults.length === 0)).toBe(true);
    expect(state.steps).toBe(2);
    const results = model.sent[1]!.at(-1)!.content as Array<{ type: string; toolset_name?: string }>;
    expect(results[0]).toMatchObject({ type: 'tool_result', toolset_name: 'browser' });
  });

  it('answers the calls after a failed one as not executed, as the SDK runner does', async () => {
    const driver = new FakeDriver();
    const model = scriptedModel([
      message([call('left_click', { target: { type: 'ref', ref: 'ref_404' } }), call('left_click', { target: { type: 'ref', ref: 'ref_1' } })]),
      message([text('ok')], 'end_turn'),
    ]);
    await run(model, driver);
    const results = model.sent[1]!.at(-1)!.content as Array<{ is_error?: boolean; content: unknown }>;
    expect(results.map((r) => r.is_error)).toEqual([true, true]);
    expect(results[1]!.content).toBe(NOT_EXECUTED);
    expect(driver.calls.some((c) => c.method === 'click')).toBe(false);
  });

  it('resumes after a restart: a call that was in flight is reported interrupted and never run again', async () => {
    const driver = new FakeDriver();
    const click = call('left_click', { target: { type: 'ref', ref: 'ref_1' } });
    const read = call('read_page', {});
    const state: LoopState = {
      messages: [{ role: 'user', content: 'go' }, { role: 'assistant', content: [click, read] } as BetaMessageParam],
      pendingResults: [],
      inFlight: (click as unknown as { id: string }).id,
      steps: 1,
    };
    const model = scriptedModel([message([text('Checked the page.')], 'end_turn')]);
    const outcome = await run(model, driver, { state });
    expect(outcome).toEqual({ status: 'done', finalText: 'Checked the page.' });
    expect(driver.calls.some((c) => c.method === 'click')).toBe(false);
    const results = model.sent[0]!.at(-1)!.content as Array<{ is_error?: boolean; content: unknown }>;
    expect(results[0]).toMatchObject({ is_error: true, content: INTERRUPTED });
    // The call after it never started: it runs (the SDK would skip it only after a failure of its own).
    expect(results[1]!.content).toBe(NOT_EXECUTED);
  });

  it('resumes a pending model call by making it again', async () => {
    const state = initialState('go');
    const model = scriptedModel([message([text('Hello.')], 'end_turn')]);
    expect(await run(model, new FakeDriver(), { state })).toEqual({ status: 'done', finalText: 'Hello.' });
  });

  it('retries an overloaded API with a visible status, and ends on an authentication error', async () => {
    const overloaded = Anthropic.APIError.generate(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, 'Overloaded', new Headers({ 'retry-after': '0' }));
    const log: string[] = [];
    const model = scriptedModel([overloaded, message([text('Hi.')], 'end_turn')]);
    expect(await run(model, new FakeDriver(), { hooks: hooks(log) })).toEqual({ status: 'done', finalText: 'Hi.' });
    expect(log).toContain('status:Claude is overloaded, retrying in 1 s.');

    const failure = new Anthropic.AuthenticationError(401, { type: 'error', error: { type: 'authentication_error', message: 'bad key' } }, 'bad key', new Headers());
    expect(await run(scriptedModel([failure]))).toEqual({ status: 'error', error: failure });
  });

  it('stops before the next tool call once the signal aborts', async () => {
    const controller = new AbortController();
    const driver = new FakeDriver();
    const model = scriptedModel([message([call('read_page', {}), call('left_click', { target: { type: 'ref', ref: 'ref_1' } })])]);
    const outcome = await run(model, driver, { signal: controller.signal, hooks: { ...hooks(), onToolEnd: () => controller.abort() } });
    expect(outcome).toEqual({ status: 'stopped' });
    expect(driver.calls.some((c) => c.method === 'click')).toBe(false);
  });

  it('ends at a budget before calling the model again', async () => {
    const model = scriptedModel([message([call('read_page', {})]), message([call('read_page', {})])]);
    const state = initialState('go');
    const outcome = await run(model, new FakeDriver(), { state, budgetExceeded: () => (state.steps >= 1 ? 'The task reached its limit of 1 step.' : undefined) });
    expect(outcome).toEqual({ status: 'budget', reason: 'The task reached its limit of 1 step.' });
    expect(model.sent).toHaveLength(1);
  });
});
