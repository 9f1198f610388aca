import type { BetaToolResultBlockParam, BetaToolUseBlock } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import type { AgentHooks } from '../agent/loop';
import { resultText } from '../agent/tool-results';
import type { Driver, PageElements } from '../browser/driver';
import type { OpenDialog } from '../protocol/content';
import { urlPattern } from './frame-path';
import { type Locator, locatorFor } from './locator';
import { hashRead, LOOK_ONLY, REGION_MEMBERS, splitInput, type TraceDraft } from './trace';

/** As many candidates as a replay looks through, so a locator counts the same equals the replay will. */
const CANDIDATE_LIMIT = 5_000;

export interface Seen {
  locator?: Locator | undefined;
  urlPattern: string;
  dialogs?: OpenDialog[] | undefined;
}

/** Members before which the page's dialogs say nothing: a navigation leaves the page, and what only looks is not replayed. */
const NO_DIALOGS = new Set(['navigate', ...LOOK_ONLY]);

/**
 * Watches a routine run's tool calls and writes its trace draft: before each call, the locator of
 * the element its ref names (while the ref still lives), the page it is on and the dialogs open on
 * it, all from one read of the page; after it, whether it
 * worked and, for a read, the hash of what it read. It only observes: a failure to describe a target
 * costs the trace, never the action.
 */
export class TraceRecorder {
  readonly #seen = new Map<string, Seen>();

  /**
   * `known` gives what is already known of a call (a replayed step: its locator found the target), so
   * the page is not searched twice for the same element.
   */
  constructor(
    private readonly driver: Driver,
    private readonly draft: TraceDraft,
    private readonly known: (toolUse: BetaToolUseBlock) => Seen | undefined = () => undefined,
  ) {}

  async before(toolUse: BetaToolUseBlock): Promise<void> {
    if (toolUse.toolset_name !== 'browser') return;
    const known = this.known(toolUse);
    if (known) {
      this.#seen.set(toolUse.id, known);
      return;
    }
    try {
      const tabId = await this.#tabOf(toolUse.input);
      const url = tabId === undefined ? '' : ((await this.driver.tabs()).find((tab) => tab.id === tabId)?.url ?? '');
      const { ref } = splitInput(toolUse.name, toolUse.input);
      const looksAtDialogs = !NO_DIALOGS.has(toolUse.name);
      let elements: PageElements | undefined;
      if (tabId !== undefined && (ref || looksAtDialogs)) elements = await this.driver.pageElements(tabId, CANDIDATE_LIMIT);
      const locator = ref && elements ? locatorFor(elements.candidates, ref, url) : undefined;
      this.#seen.set(toolUse.id, { locator, urlPattern: urlPattern(url), ...(elements && looksAtDialogs ? { dialogs: elements.dialogs } : {}) });
    } catch (error) {
      console.warn('Steward could not trace a call', error);
    }
  }

  async after(toolUse: BetaToolUseBlock, result: BetaToolResultBlockParam): Promise<void> {
    if (toolUse.toolset_name !== 'browser') return;
    const seen = this.#seen.get(toolUse.id);
    this.#seen.delete(toolUse.id);
    const { input, refAt, unreplayable } = splitInput(toolUse.name, toolUse.input);
    this.draft.steps.push({
      toolUseId: toolUse.id,
      member: toolUse.name,
      toolsetName: toolUse.toolset_name,
      input,
      ...(refAt ? { refAt } : {}),
      ...(seen?.locator ? { locator: seen.locator } : {}),
      urlPattern: seen?.urlPattern ?? '',
      ...(seen?.dialogs ? { dialogs: seen.dialogs } : {}),
      // Not seen before it ran (the worker restarted in between): its target is unknown, so it cannot be replayed.
      ok: seen !== undefined && result.is_error !== true,
      ...(REGION_MEMBERS.has(toolUse.name) ? { resultHash: await hashRead(resultText(result)) } : {}),
      ...(unreplayable ? { unreplayable } : {}),
    });
  }

  async #tabOf(input: unknown): Promise<number | undefined> {
    const tab = (input as { tab_id?: unknown } | null)?.tab_id;
    if (typeof tab === 'string' && /^\d+$/.test(tab)) return Number(tab);
    if (typeof tab === 'number') return tab;
    return this.driver.currentTab();
  }
}

/**
 * The loop's hooks with the recorder watching every call: before it starts, and once its result is
 * known but before it is persisted, so the stored draft and the stored conversation never disagree.
 */
export function withTraceRecorder(hooks: AgentHooks, recorder: TraceRecorder): AgentHooks {
  return {
    ...hooks,
    onToolStart: async (toolUse) => {
      await recorder.before(toolUse);
      await hooks.onToolStart(toolUse);
    },
    onResult: async (toolUse, result) => {
      await recorder.after(toolUse, result);
      await hooks.onResult?.(toolUse, result);
    },
  };
}
