import Anthropic from '@anthropic-ai/sdk';
import type { BetaContentBlock, BetaMessage, BetaMessageParam } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { describe, expect, it } from 'vitest';
import { FakeDriver } from '../browser/fake-driver';
import { StewardBrowserToolset } from '../browser/toolset';
import type { ModelPort } from '../model/anthropic';
import { type AgentHooks, runAgentLoop } from './loop';
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

const hooks = (log: string[] = []): AgentHooks => ({
  onText: (delta) => log.push(`text:${delta}`),
  onAssistantMessage: () => void log.push('assistant'),
  onToolStart: (use) => void log.push(`start:${use.name}`),
  onToolEnd: (use, result) => void log.push(`end:${use.name}:${result.is_error ? 'error' : 'ok'}`),
});

describe('runAgentLoop', () => {
  it('runs tool calls in order, feeds the results back, and ends on the final answer', async () => {
    const model = scriptedModel([message([text('Reading.'), call('read_page', {})]), message([text('Done.')], 'end_turn')]);
    const log: string[] = [];
    const messages: BetaMessageParam[] = [{ role: 'user', content: 'go' }];
    const outcome = await runAgentLoop({ model, toolset: new StewardBrowserToolset(new FakeDriver()), system: 's', messages, signal: new AbortController().signal, hooks: hooks(log) });
    expect(outcome).toEqual({ status: 'done', finalText: 'Done.' });
    expect(log).toEqual(['text:Reading.', 'assistant', 'start:read_page', 'end:read_page:ok', 'text:Done.', 'assistant']);
    const results = model.sent[1]!.at(-1)!.content as Array<{ type: string; tool_use_id: string; toolset_name?: string }>;
    expect(results[0]).toMatchObject({ type: 'tool_result', toolset_name: 'browser' });
  });

  it('answers the calls after a failed one as not executed, as the SDK runner does', async () => {
    const driver = new FakeDriver();
    const model = scriptedModel([
      message([call('left_click', { target: { type: 'ref', ref: 'ref_404' } }), call('left_click', { target: { type: 'ref', ref: 'ref_1' } })]),
      message([text('ok')], 'end_turn'),
    ]);
    await runAgentLoop({ model, toolset: new StewardBrowserToolset(driver), system: 's', messages: [{ role: 'user', content: 'go' }], signal: new AbortController().signal, hooks: hooks() });
    const results = model.sent[1]!.at(-1)!.content as Array<{ is_error?: boolean; content: unknown }>;
    expect(results.map((r) => r.is_error)).toEqual([true, true]);
    expect(results[1]!.content).toBe(NOT_EXECUTED);
    expect(driver.calls.some((c) => c.method === 'click')).toBe(false);
  });

  it('stops before the next tool call once the signal aborts', async () => {
    const controller = new AbortController();
    const driver = new FakeDriver();
    const model = scriptedModel([message([call('read_page', {}), call('left_click', { target: { type: 'ref', ref: 'ref_1' } })])]);
    const outcome = await runAgentLoop({
      model,
      toolset: new StewardBrowserToolset(driver),
      system: 's',
      messages: [{ role: 'user', content: 'go' }],
      signal: controller.signal,
      hooks: { ...hooks(), onToolEnd: () => controller.abort() },
    });
    expect(outcome).toEqual({ status: 'stopped' });
    expect(driver.calls.some((c) => c.method === 'click')).toBe(false);
  });

  it('ends with the API error when the model call fails', async () => {
    const failure = new Anthropic.AuthenticationError(401, { type: 'error', error: { type: 'authentication_error', message: 'bad key' } }, 'bad key', new Headers());
    const outcome = await runAgentLoop({ model: scriptedModel([failure]), toolset: new StewardBrowserToolset(new FakeDriver()), system: 's', messages: [{ role: 'user', content: 'go' }], signal: new AbortController().signal, hooks: hooks() });
    expect(outcome).toEqual({ status: 'error', error: failure });
  });

  it('gives up after the step limit', async () => {
    const turns = Array.from({ length: 3 }, () => message([call('read_page', {})]));
    const outcome = await runAgentLoop({ model: scriptedModel(turns), toolset: new StewardBrowserToolset(new FakeDriver()), system: 's', messages: [{ role: 'user', content: 'go' }], signal: new AbortController().signal, hooks: hooks(), maxSteps: 3 });
    expect(outcome.status).toBe('error');
  });
});
