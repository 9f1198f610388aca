import {
  BetaAbstractBrowserToolset20260801,
  type BetaBrowserNavigateResult,
  type BetaBrowserState,
  type BetaBrowserToolsetOptions,
  type BetaScreenshotResult,
  type BetaToolsetCallContext,
  ToolError,
} from '@anthropic-ai/sdk/helpers/beta/toolsets';
import type { BetaBrowserStateTabEntry, BetaBrowserToolsetConfigs } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { type MemberContext, resolveTab } from './context';
import { javascriptExec, readConsole, readNetwork } from './devtools';
import type { Driver, StateChange } from './driver';
import { fileUpload, formInput } from './forms';
import { type ImplementedMember, type MemberInput, parseMemberInput } from './inputs';
import { timeoutFor } from './members';
import { holdKey, key, type } from './keyboard';
import { navigate, wait } from './navigation';
import * as pointer from './pointer';
import { screenshot, zoom } from './screenshot';
import { find, getPageText, readPage } from './snapshot';
import { closeTab, listTabs, newTab, switchTab, tabInventory } from './tabs';
import { uploadFolderPolicy } from './uploads';

/** Members that reach beyond the page or read what the user did not show: each is switched on on purpose. */
export interface OptionalMembers {
  /** read_console and read_network. */
  devtools?: boolean;
  /** javascript_exec: runs with the page's authority; needs a confirm that asks the user. */
  javascript?: boolean;
  /** file_upload from this folder only; needs a confirm that asks the user. */
  uploadFolder?: string;
  /** Members an administrator turned off: never offered, whatever the switches above say. */
  disabled?: readonly string[];
}

export function stewardConfigs(optional: OptionalMembers = {}): BetaBrowserToolsetConfigs {
  const on = (member: string, switched: boolean) => ({ enabled: switched && !optional.disabled?.includes(member) });
  return {
    read_console: on('read_console', optional.devtools === true),
    read_network: on('read_network', optional.devtools === true),
    javascript_exec: on('javascript_exec', optional.javascript === true),
    file_upload: on('file_upload', Boolean(optional.uploadFolder)),
  };
}

export type StewardToolsetOptions = Omit<BetaBrowserToolsetOptions, 'browserState' | 'configs' | 'filePolicy'> & { optional?: OptionalMembers };

function withTimeout<T>(work: Promise<T>, ms: number, member: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ToolError(`${member} did not finish within ${Math.round(ms / 1000)} s; the page may be busy. Take a screenshot to see its state.`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function stateChange(change: StateChange, openTabs: Set<string>): NonNullable<BetaBrowserState['state_changes']>[number] | undefined {
  switch (change.type) {
    case 'tab_opened':
      return openTabs.has(String(change.tabId)) ? { type: 'tab_opened', tab_id: String(change.tabId) } : undefined;
    case 'dialog_dismissed':
      return { type: 'dialog_dismissed', kind: change.kind, message: change.message };
    case 'download_started':
      return { type: 'download_started', download_id: change.downloadId, url: change.url };
    case 'download_completed':
      return { type: 'download_completed', download_id: change.downloadId, url: change.url, ...(change.sizeBytes !== undefined ? { size_bytes: change.sizeBytes } : {}) };
    case 'download_failed':
      return { type: 'download_failed', download_id: change.downloadId, url: change.url, ...(change.error ? { error: change.error } : {}) };
  }
}

/**
 * Steward's implementation of the Anthropic browser toolset, all 31 members. Each validates its
 * input, resolves the tab it acts on, runs within a time bound, and hands over to its family
 * module; this class only wires them.
 */
export class StewardBrowserToolset extends BetaAbstractBrowserToolset20260801 {
  readonly #driver: Driver;
  /** Tabs where left_mouse_down pressed the button, so mouse_move drags until left_mouse_up. */
  readonly #buttonDown = new Set<number>();

  constructor(driver: Driver, options: StewardToolsetOptions = {}) {
    const { optional, ...rest } = options;
    super({
      ...rest,
      configs: stewardConfigs(optional),
      ...(optional?.uploadFolder ? { filePolicy: uploadFolderPolicy(optional.uploadFolder) } : {}),
      browserState: () => this.#browserState(),
    });
    this.#driver = driver;
  }

  async #browserState(): Promise<BetaBrowserState> {
    const [tabs, changes] = await Promise.all([tabInventory(this.#driver).catch(() => []), this.#driver.drainStateChanges().catch(() => [])]);
    const open = new Set(tabs.map((tab) => tab.tab_id));
    const stateChanges = changes.map((change) => stateChange(change, open)).filter((change) => change !== undefined);
    return { tabs, ...(stateChanges.length ? { state_changes: stateChanges } : {}) };
  }

  /** Validates the input, finds the tab, then runs the member against it within its time bound. */
  async #onTab<M extends ImplementedMember, R>(
    ctx: BetaToolsetCallContext,
    member: M,
    rawInput: unknown,
    run: (context: MemberContext, input: MemberInput<M>) => Promise<R>,
  ): Promise<R> {
    const input = parseMemberInput(member, rawInput);
    const tabId = await resolveTab(this.#driver, (input as { tab_id?: string | null }).tab_id);
    return withTimeout(run({ driver: this.#driver, tabId, signal: ctx.signal ?? undefined }, input), timeoutFor(member, input), member);
  }

  protected override navigate(ctx: BetaToolsetCallContext, input: unknown): Promise<BetaBrowserNavigateResult> {
    return this.#onTab(ctx, 'navigate', input, navigate);
  }
  protected override screenshot(ctx: BetaToolsetCallContext, input: unknown): Promise<BetaScreenshotResult> {
    return this.#onTab(ctx, 'screenshot', input, (context) => screenshot(context));
  }
  protected override zoom(ctx: BetaToolsetCallContext, input: unknown): Promise<BetaScreenshotResult> {
    return this.#onTab(ctx, 'zoom', input, zoom);
  }
  protected override left_click(ctx: BetaToolsetCallContext, input: unknown): Promise<string> {
    return this.#onTab(ctx, 'left_click', input, pointer.leftClick);
  }
  protected override right_click(ctx: BetaToolsetCallContext, input: unknown): Promise<string> {
    return this.#onTab(ctx, 'right_click', input, pointer.rightClick);
  }
  protected override middle_click(ctx: BetaToolsetCallContext, input: unknown): Promise<string> {
    return this.#onTab(ctx, 'middle_click', input, pointer.middleClick);
  }
  protected override double_click(ctx: BetaToolsetCallContext, input: unknown): Promise<string> {
    return this.#onTab(ctx, 'double_click', input, pointer.doubleClick);
  }
  protected override triple_click(ctx: BetaToolsetCallContext, input: unknown): Promise<string> {
    return this.#onTab(ctx, 'triple_click', input, pointer.tripleClick);
  }
  protected override hover(ctx: BetaToolsetCallContext, input: unknown): Promise<string> {
    return this.#onTab(ctx, 'hover', input, pointer.hover);
  }
  protected override left_click_drag(ctx: BetaToolsetCallContext, input: unknown): Promise<string> {
    return this.#onTab(ctx, 'left_click_drag', input, pointer.drag);
  }
  protected override left_mouse_down(ctx: BetaToolsetCallContext, input: unknown): Promise<void> {
    return this.#onTab(ctx, 'left_mouse_down', input, async (context, parsed) => {
      await pointer.mouseDown(context, parsed);
      this.#buttonDown.add(context.tabId);
    });
  }
  protected override left_mouse_up(ctx: BetaToolsetCallContext, input: unknown): Promise<void> {
    return this.#onTab(ctx, 'left_mouse_up', input, async (context, parsed) => {
      await pointer.mouseUp(context, parsed);
      this.#buttonDown.delete(context.tabId);
    });
  }
  protected override mouse_move(ctx: BetaToolsetCallContext, input: unknown): Promise<void> {
    return this.#onTab(ctx, 'mouse_move', input, (context, parsed) => pointer.mouseMove(context, parsed, this.#buttonDown.has(context.tabId)));
  }
  protected override scroll(ctx: BetaToolsetCallContext, input: unknown): Promise<void> {
    return this.#onTab(ctx, 'scroll', input, pointer.scroll);
  }
  protected override scroll_to(ctx: BetaToolsetCallContext, input: unknown): Promise<string> {
    return this.#onTab(ctx, 'scroll_to', input, pointer.scrollTo);
  }
  protected override type_(ctx: BetaToolsetCallContext, input: unknown): Promise<void> {
    return this.#onTab(ctx, 'type', input, type);
  }
  protected override key(ctx: BetaToolsetCallContext, input: unknown): Promise<void> {
    return this.#onTab(ctx, 'key', input, key);
  }
  protected override hold_key(ctx: BetaToolsetCallContext, input: unknown): Promise<void> {
    return this.#onTab(ctx, 'hold_key', input, holdKey);
  }
  protected override form_input(ctx: BetaToolsetCallContext, input: unknown): Promise<string> {
    return this.#onTab(ctx, 'form_input', input, formInput);
  }
  protected override read_page(ctx: BetaToolsetCallContext, input: unknown): Promise<string> {
    return this.#onTab(ctx, 'read_page', input, readPage);
  }
  protected override find(ctx: BetaToolsetCallContext, input: unknown): Promise<string> {
    return this.#onTab(ctx, 'find', input, find);
  }
  protected override get_page_text(ctx: BetaToolsetCallContext, input: unknown): Promise<string> {
    return this.#onTab(ctx, 'get_page_text', input, (context) => getPageText(context));
  }
  protected override wait(ctx: BetaToolsetCallContext, input: unknown): Promise<void> {
    return this.#onTab(ctx, 'wait', input, wait);
  }
  protected override file_upload(ctx: BetaToolsetCallContext, input: unknown): Promise<string> {
    return this.#onTab(ctx, 'file_upload', input, fileUpload);
  }
  protected override read_console(ctx: BetaToolsetCallContext, input: unknown): Promise<string> {
    return this.#onTab(ctx, 'read_console', input, (context) => readConsole(context));
  }
  protected override read_network(ctx: BetaToolsetCallContext, input: unknown): Promise<string> {
    return this.#onTab(ctx, 'read_network', input, (context) => readNetwork(context));
  }
  protected override javascript_exec(ctx: BetaToolsetCallContext, input: unknown): Promise<string> {
    return this.#onTab(ctx, 'javascript_exec', input, javascriptExec);
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
