import {
  BetaAbstractBrowserToolset20260801,
  type BetaBrowserNavigateResult,
  type BetaBrowserState,
  type BetaBrowserToolsetOptions,
  type BetaScreenshotResult,
  type BetaToolsetCallContext,
} from '@anthropic-ai/sdk/helpers/beta/toolsets';
import type {
  BetaBrowserStateTabEntry,
  BetaBrowserToolsetConfigs,
} from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { type MemberContext, resolveTab } from './context';
import type { Driver } from './driver';
import { formInput } from './forms';
import { type ImplementedMember, type MemberInput, parseMemberInput } from './inputs';
import { key, type } from './keyboard';
import { navigate, wait } from './navigation';
import { leftClick, scroll } from './pointer';
import { screenshot } from './screenshot';
import { getPageText, readPage } from './snapshot';
import { closeTab, listTabs, newTab, switchTab, tabInventory } from './tabs';

/**
 * Members that later work turns on. Listed here, not left to the SDK's inference, so the request
 * says plainly what Claude may call.
 */
export const NOT_YET_ENABLED = [
  'zoom',
  'right_click',
  'middle_click',
  'double_click',
  'triple_click',
  'hover',
  'left_click_drag',
  'left_mouse_down',
  'left_mouse_up',
  'mouse_move',
  'scroll_to',
  'hold_key',
  'find',
  'file_upload',
  'read_console',
  'read_network',
  'javascript_exec',
] as const;

export function stewardConfigs(): BetaBrowserToolsetConfigs {
  return Object.fromEntries(NOT_YET_ENABLED.map((member) => [member, { enabled: false }])) as BetaBrowserToolsetConfigs;
}

export type StewardToolsetOptions = Omit<BetaBrowserToolsetOptions, 'browserState' | 'configs'>;

/**
 * Steward's implementation of the Anthropic browser toolset. Each member validates its input,
 * resolves the tab it acts on, and hands over to its family module; this class only wires them.
 */
export class StewardBrowserToolset extends BetaAbstractBrowserToolset20260801 {
  readonly #driver: Driver;

  constructor(driver: Driver, options: StewardToolsetOptions = {}) {
    super({ ...options, configs: stewardConfigs(), browserState: (ctx) => this.#browserState(ctx) });
    this.#driver = driver;
  }

  async #browserState(_ctx: BetaToolsetCallContext): Promise<BetaBrowserState> {
    const [tabs, changes] = await Promise.all([
      tabInventory(this.#driver).catch(() => []),
      this.#driver.drainStateChanges().catch(() => []),
    ]);
    const tabIds = new Set(tabs.map((tab) => tab.tab_id));
    const stateChanges: NonNullable<BetaBrowserState['state_changes']> = [];
    for (const change of changes) {
      if (change.type === 'tab_opened') {
        if (tabIds.has(String(change.tabId))) stateChanges.push({ type: 'tab_opened', tab_id: String(change.tabId) });
      } else {
        stateChanges.push({ type: 'dialog_dismissed', kind: change.kind, message: change.message });
      }
    }
    return { tabs, ...(stateChanges.length ? { state_changes: stateChanges } : {}) };
  }

  /** Validates the input, finds the tab, then runs the member against it. */
  async #onTab<M extends ImplementedMember, R>(
    ctx: BetaToolsetCallContext,
    member: M,
    rawInput: unknown,
    run: (context: MemberContext, input: MemberInput<M>) => Promise<R>,
  ): Promise<R> {
    const input = parseMemberInput(member, rawInput);
    const tabId = await resolveTab(this.#driver, (input as { tab_id?: string | null }).tab_id);
    return run({ driver: this.#driver, tabId, signal: ctx.signal ?? undefined }, input);
  }

  protected override navigate(ctx: BetaToolsetCallContext, input: unknown): Promise<BetaBrowserNavigateResult> {
    return this.#onTab(ctx, 'navigate', input, navigate);
  }
  protected override screenshot(ctx: BetaToolsetCallContext, input: unknown): Promise<BetaScreenshotResult> {
    return this.#onTab(ctx, 'screenshot', input, (context) => screenshot(context));
  }
  protected override read_page(ctx: BetaToolsetCallContext, input: unknown): Promise<string> {
    return this.#onTab(ctx, 'read_page', input, readPage);
  }
  protected override get_page_text(ctx: BetaToolsetCallContext, input: unknown): Promise<string> {
    return this.#onTab(ctx, 'get_page_text', input, (context) => getPageText(context));
  }
  protected override left_click(ctx: BetaToolsetCallContext, input: unknown): Promise<string> {
    return this.#onTab(ctx, 'left_click', input, leftClick);
  }
  protected override type_(ctx: BetaToolsetCallContext, input: unknown): Promise<void> {
    return this.#onTab(ctx, 'type', input, type);
  }
  protected override key(ctx: BetaToolsetCallContext, input: unknown): Promise<void> {
    return this.#onTab(ctx, 'key', input, key);
  }
  protected override form_input(ctx: BetaToolsetCallContext, input: unknown): Promise<string> {
    return this.#onTab(ctx, 'form_input', input, formInput);
  }
  protected override scroll(ctx: BetaToolsetCallContext, input: unknown): Promise<void> {
    return this.#onTab(ctx, 'scroll', input, scroll);
  }
  protected override wait(ctx: BetaToolsetCallContext, input: unknown): Promise<void> {
    return this.#onTab(ctx, 'wait', input, wait);
  }
  protected override list_tabs(_ctx: BetaToolsetCallContext, input: unknown): Promise<BetaBrowserStateTabEntry[]> {
    parseMemberInput('list_tabs', input);
    return listTabs(this.#driver);
  }
  protected override new_tab(ctx: BetaToolsetCallContext, input: unknown): Promise<BetaBrowserStateTabEntry> {
    parseMemberInput('new_tab', input);
    return newTab(this.#driver, ctx.signal ?? undefined);
  }
  protected override switch_tab(_ctx: BetaToolsetCallContext, input: unknown): Promise<BetaBrowserStateTabEntry> {
    return switchTab(this.#driver, parseMemberInput('switch_tab', input));
  }
  protected override close_tab(_ctx: BetaToolsetCallContext, input: unknown): Promise<void> {
    return closeTab(this.#driver, parseMemberInput('close_tab', input));
  }
}
