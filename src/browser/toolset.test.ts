import type { BetaToolUseBlock } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { describe, expect, it } from 'vitest';
import { FakeDriver } from './fake-driver';
import { StewardBrowserToolset } from './toolset';

let id = 0;
function use(name: string, input: unknown): BetaToolUseBlock {
  return { type: 'tool_use', id: `toolu_${++id}`, name, input, toolset_name: 'browser' } as BetaToolUseBlock;
}

function texts(content: unknown): string[] {
  return (content as Array<{ type: string; text?: string }>).filter((b) => b.type === 'text').map((b) => b.text ?? '');
}

describe('StewardBrowserToolset', () => {
  it('serves every member, with the ones that reach beyond the page off unless switched on', () => {
    const json = new StewardBrowserToolset(new FakeDriver()).toJSON();
    expect(json.type).toBe('browser_toolset_20260801');
    expect(json.configs).toEqual({
      read_console: { enabled: false },
      read_network: { enabled: false },
      javascript_exec: { enabled: false },
      file_upload: { enabled: false },
    });
    const on = new StewardBrowserToolset(new FakeDriver(), { optional: { devtools: true, javascript: true, uploadFolder: '/home/u/uploads' }, confirm: () => true }).toJSON();
    expect(Object.values(on.configs ?? {}).every((config) => config?.enabled === true)).toBe(true);
    expect(() => new StewardBrowserToolset(new FakeDriver(), { optional: { javascript: true } })).toThrow(/confirm/);
  });

  it('never offers a member an administrator turned off, even when switched on', async () => {
    const toolset = new StewardBrowserToolset(new FakeDriver(), {
      optional: { devtools: true, javascript: true, uploadFolder: '/home/u/uploads', disabled: ['javascript_exec', 'read_network'] },
      confirm: () => true,
    });
    expect(toolset.toJSON().configs).toEqual({
      read_console: { enabled: true },
      read_network: { enabled: false },
      javascript_exec: { enabled: false },
      file_upload: { enabled: true },
    });
    const result = await toolset.toolResult(use('javascript_exec', { text: '1 + 1' }));
    expect(result.is_error).toBe(true);
  });

  it('clicks a ref at its located point and says what it clicked', async () => {
    const driver = new FakeDriver();
    const toolset = new StewardBrowserToolset(driver);
    const result = await toolset.toolResult(use('left_click', { target: { type: 'ref', ref: 'ref_1' } }));
    expect(result.is_error).toBeUndefined();
    expect(texts(result.content)).toEqual(['Clicked.', 'On button "Go" (ref_1).']);
    expect(driver.calls).toContainEqual({ method: 'click', args: [1, { x: 10, y: 20 }, { button: 'left', clickCount: 1, modifiers: [] }] });
  });

  it('maps coordinates from the screenshot frame back to CSS pixels', async () => {
    const driver = new FakeDriver();
    driver.viewportSize = { width: 2560, height: 1600 };
    const toolset = new StewardBrowserToolset(driver);
    await toolset.toolResult(use('screenshot', {}));
    const frame = driver.calls.find((c) => c.method === 'capture')!.args[1] as { width: number; height: number };
    expect(frame.width).toBeLessThanOrEqual(1568);
    await toolset.toolResult(use('left_click', { target: { type: 'coordinate', x: frame.width / 2, y: frame.height / 2 } }));
    const click = driver.calls.find((c) => c.method === 'click')!.args[1] as { x: number; y: number };
    expect(click.x).toBeCloseTo(1280, -1);
    expect(click.y).toBeCloseTo(800, -1);
  });

  it('answers a stale ref with an error and clicks nothing', async () => {
    const driver = new FakeDriver();
    const result = await new StewardBrowserToolset(driver).toolResult(use('left_click', { target: { type: 'ref', ref: 'ref_99' } }));
    expect(result.is_error).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(/ref_99 is no longer on the page/);
    expect(driver.calls.some((c) => c.method === 'click')).toBe(false);
  });

  it('refuses malformed input before touching the page', async () => {
    const driver = new FakeDriver();
    const toolset = new StewardBrowserToolset(driver);
    for (const [name, input] of [
      ['left_click', { target: 'bogus' }],
      ['left_click', { target: { type: 'ref', ref: 'button' } }],
      ['form_input', { target: { type: 'ref', ref: 'ref_1' } }],
      ['wait', { duration: 999 }],
      ['navigate', { url: 'javascript:alert(1)' }],
      ['navigate', { url: 'x', tab_id: '77' }],
      ['key', { text: 'ctrl+Nope' }],
      ['zoom', { region: [10, 10, 5, 5] }],
      ['javascript_exec', { text: 'document.cookie' }],
      ['hold_key', { text: 'shift', duration: 31 }],
      ['no_such_member', {}],
    ] as const) {
      const result = await toolset.toolResult(use(name, input));
      expect(result.is_error, `${name} ${JSON.stringify(input)}`).toBe(true);
    }
    expect(driver.calls.filter((c) => c.method !== 'capture')).toEqual([]);
  });

  it('reports the task tabs and a newly opened tab in browser_state', async () => {
    const driver = new FakeDriver();
    const result = await new StewardBrowserToolset(driver).toolResult(use('new_tab', {}));
    const state = (result.content as Array<{ type: string }>).find((b) => b.type === 'browser_state') as unknown as {
      tabs: Array<{ tab_id: string; active?: boolean }>;
      state_changes?: Array<{ type: string; tab_id: string }>;
    };
    expect(state.tabs.map((t) => [t.tab_id, t.active ?? false])).toEqual([['1', false], ['2', true]]);
    expect(state.state_changes).toEqual([{ type: 'tab_opened', tab_id: '2' }]);
  });

  it('types line breaks as Enter', async () => {
    const driver = new FakeDriver();
    await new StewardBrowserToolset(driver).toolResult(use('type', { text: 'a\nb' }));
    expect(driver.calls.map((c) => [c.method, c.args[1]])).toEqual([
      ['insertText', 'a'],
      ['pressKeys', ['Enter']],
      ['insertText', 'b'],
    ]);
  });
});
