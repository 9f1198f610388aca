import type { BetaContentBlock, BetaMessage } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { expect, it } from 'vitest';
import { FakeDriver } from '../browser/fake-driver';
import { StewardBrowserToolset } from '../browser/toolset';
import type { ModelPort } from '../model/anthropic';
import { initialState, runAgentLoop } from './loop';

/** A small seeded generator, so a failure names a case that can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, pick };
}

const MEMBERS = [
  'navigate', 'screenshot', 'zoom', 'left_click', 'right_click', 'middle_click', 'double_click', 'triple_click', 'hover',
  'left_click_drag', 'left_mouse_down', 'left_mouse_up', 'mouse_move', 'scroll', 'scroll_to', 'type', 'key', 'hold_key',
  'form_input', 'read_page', 'find', 'get_page_text', 'wait', 'file_upload', 'read_console', 'read_network',
  'javascript_exec', 'new_tab', 'list_tabs', 'switch_tab', 'close_tab',
];

/** Calls that must all fail: unknown members, wrong types, missing fields, huge strings, unknown refs, closed tabs. */
function hostileCall(rng: ReturnType<typeof random>, index: number): { name: string; input: unknown } {
  const huge = 'x'.repeat(200_000 + Math.floor(rng.next() * 1000));
  const kinds: Array<() => { name: string; input: unknown }> = [
    () => ({ name: rng.pick(['', 'constructor', '__proto__', 'toString', 'click', 'eval', 'zoom_in', 'x'.repeat(500)]), input: {} }),
    () => ({ name: rng.pick(['left_click', 'hover', 'double_click']), input: { target: rng.pick(['bogus', 42, null, [], { type: 'ref' }, { type: 'coordinate', x: 'a', y: 1 }]) } }),
    () => ({ name: rng.pick(['left_click', 'form_input', 'scroll_to']), input: { target: { type: 'ref', ref: `ref_${900_000 + index}` }, value: 'v' } }),
    () => ({ name: rng.pick(['navigate', 'type', 'key', 'find', 'javascript_exec']), input: { url: huge, text: huge, query: huge } }),
    // A closed or foreign tab, for every member that takes a tab (new_tab and list_tabs take none).
    () => ({ name: rng.pick(MEMBERS.filter((m) => m !== 'new_tab' && m !== 'list_tabs')), input: { tab_id: String(90_000 + index) } }),
    () => ({ name: 'switch_tab', input: { tab_id: rng.pick(['999', '', 'abc', -1, null]) } }),
    () => ({ name: rng.pick(['wait', 'hold_key']), input: { duration: rng.pick([-1, 31, 1e9, 'soon', Number.NaN]), text: 'a' } }),
    () => ({ name: 'navigate', input: { url: rng.pick(['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'chrome://settings', 'blob:null/1']) } }),
    () => ({ name: 'zoom', input: { region: rng.pick([[1, 2, 3], [5, 5, 1, 1], ['a', 0, 1, 1], null]) } }),
    () => ({ name: 'scroll', input: { scroll_direction: rng.pick(['sideways', null, 3]), target: { type: 'coordinate', x: 1, y: 1 } } }),
    () => ({ name: rng.pick(MEMBERS), input: rng.pick([null, 'string input', 17, [1, 2]]) }),
    () => ({ name: 'key', input: { text: rng.pick(['', '   ', 'hyper+q', 'ctrl+', 'Frobnicate']) } }),
  ];
  return rng.pick(kinds)();
}

it('answers 1,000 malformed or hostile tool calls each with an is_error result, and the task goes on', async () => {
  const rng = random(20261128);
  const calls = Array.from({ length: 1000 }, (_, i) => hostileCall(rng, i));
  const driver = new FakeDriver();
  driver.viewportSize = { width: 800, height: 600 };
  let turn = 0;
  const perTurn = 50;
  const results: Array<{ is_error?: boolean }> = [];
  const model: ModelPort = {
    modelId: 'fuzz',
    async stream(request) {
      const last = request.messages.at(-1);
      if (last && Array.isArray(last.content)) results.push(...(last.content as Array<{ type: string; is_error?: boolean }>).filter((b) => b.type === 'tool_result'));
      const batch = calls.slice(turn * perTurn, (turn + 1) * perTurn);
      turn++;
      const content = batch.length
        ? batch.map((call, i) => ({ type: 'tool_use', id: `f${turn}_${i}`, name: call.name, input: call.input, toolset_name: 'browser' }) as unknown as BetaContentBlock)
        : [{ type: 'text', text: 'Still standing.', citations: null } as BetaContentBlock];
      return { id: 'm', type: 'message', role: 'assistant', model: 'fuzz', content, stop_reason: batch.length ? 'tool_use' : 'end_turn', stop_sequence: null, usage: {} } as unknown as BetaMessage;
    },
  };
  const outcome = await runAgentLoop({
    model,
    toolset: new StewardBrowserToolset(driver),
    system: 's',
    state: initialState('fuzz'),
    signal: new AbortController().signal,
    hooks: { onText() {}, onStreamReset() {}, onStatus() {}, onAssistantMessage() {}, onToolStart() {}, onToolEnd() {}, persist: async () => {} },
  });
  expect(outcome).toEqual({ status: 'done', finalText: 'Still standing.' });
  expect(results).toHaveLength(1000);
  const accepted = results.map((result, index) => ({ result, call: calls[index] })).filter(({ result }) => result.is_error !== true);
  expect(accepted.map(({ call }) => JSON.stringify(call).slice(0, 200))).toEqual([]);
  // Nothing reached the page: every call was refused before it acted.
  expect(driver.calls.filter((call) => ['click', 'insertText', 'navigate', 'evaluate', 'setFormValue'].includes(call.method))).toEqual([]);
});
