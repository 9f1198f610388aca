import type { BetaMessageParam, BetaToolResultBlockParam, BetaToolUseBlock } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { describeToolTarget } from '../src/agent/describe';
import { runAgentLoop } from '../src/agent/loop';
import { systemPrompt } from '../src/agent/system-prompt';
import { resultImage, resultText } from '../src/agent/tool-results';
import type { Platform } from '../src/browser/keys';
import { StewardBrowserToolset } from '../src/browser/toolset';
import { anthropicModel } from '../src/model/anthropic';
import { describeApiError } from '../src/model/errors';
import { type TaskView, type ToolEntry, taskViewSchema } from '../src/protocol/task';
import type { KeyValueArea } from '../src/store/area';
import type { Settings } from '../src/store/settings';
import * as cdp from './driver/cdp';
import { ChromeDriver, type TaskTabs } from './driver/chrome-driver';
import { thumbnail } from './driver/image';
import { broadcast } from './panel-hub';

const CURRENT_TASK_KEY = 'task.current';
/** Chrome stops a worker after 30 s without extension API calls; one call every 20 s keeps a running task alive. */
const KEEPALIVE_MS = 20_000;

interface StoredTask {
  view: TaskView;
  tabs: TaskTabs;
}

interface LiveTask extends StoredTask {
  controller: AbortController;
  driver: ChromeDriver;
  keepalive: ReturnType<typeof setInterval>;
}

/**
 * Runs one task at a time in the service worker. The task's state is written through to session
 * storage after every step, so a panel that opens later, in any window, sees the whole of it.
 */
export class TaskRunner {
  #live: LiveTask | undefined;
  #stored: StoredTask | undefined;
  #persisting = Promise.resolve();

  constructor(
    private readonly session: KeyValueArea,
    private readonly loadSettings: () => Promise<Settings>,
  ) {
    cdp.onDetach((tabId, reason) => {
      const live = this.#live;
      if (live && reason === 'canceled_by_user' && live.tabs.tabIds.includes(tabId)) {
        this.#stop(live, 'You closed the debugging bar, so Steward stopped the task.');
      }
    });
  }

  /** Called when the worker starts: a task that was running when the worker died cannot continue yet. */
  async restore(): Promise<void> {
    const stored = (await this.session.get(CURRENT_TASK_KEY)) as Partial<StoredTask> | undefined;
    const view = taskViewSchema.safeParse(stored?.view);
    if (!view.success || !stored?.tabs) return;
    this.#stored = { view: view.data, tabs: stored.tabs };
    if (view.data.status !== 'running') return;
    Object.assign(view.data, {
      status: 'error',
      error: 'Steward was restarted while this task ran (Chrome stopped its background worker). Start the task again.',
      endedAt: Date.now(),
    });
    for (const entry of view.data.entries) if (entry.kind === 'tool' && entry.status === 'running') entry.status = 'stopped';
    await this.#persist(this.#stored);
  }

  current(): TaskView | null {
    return (this.#live ?? this.#stored)?.view ?? null;
  }

  async start(prompt: string, windowId: number): Promise<string> {
    if (this.#live) throw new Error('A task is already running. Stop it before starting another.');
    const settings = await this.loadSettings();
    if (!settings.apiKey) throw new Error('Add your Anthropic API key in Settings first.');

    const [active] = await chrome.tabs.query({ active: true, windowId });
    const startTab = active?.id !== undefined ? active : await chrome.tabs.create({ windowId, active: true });
    if (startTab.id === undefined) throw new Error('There is no tab to work in.');
    const platform: Platform = (await chrome.runtime.getPlatformInfo()).os === 'mac' ? 'mac' : 'other';

    const id = crypto.randomUUID();
    const view: TaskView = {
      id,
      prompt,
      status: 'running',
      createdAt: Date.now(),
      entries: [{ kind: 'user', id: `${id}:user`, text: prompt }],
    };
    const tabs: TaskTabs = { windowId, tabIds: [startTab.id], currentTabId: startTab.id, nextRef: {} };
    tabs.groupId = await groupForTask(startTab, prompt);
    const controller = new AbortController();
    const live: LiveTask = {
      view,
      tabs,
      controller,
      driver: new ChromeDriver(platform, tabs, () => this.#persist(live), { devtoolsLog: settings.allowDevtools }),
      keepalive: setInterval(() => void chrome.runtime.getPlatformInfo(), KEEPALIVE_MS),
    };
    this.#live = live;
    this.#stored = live;
    await this.#publish(live);
    // Attached from the start, so a dialog the page opens before the first action cannot block it.
    await live.driver.attach(startTab.id).catch(() => undefined);
    void this.#run(live, settings);
    return id;
  }

  /** A tab opened by one of the running task's tabs (a popup, a target=_blank link) joins the task. */
  async onTabCreated(tab: chrome.tabs.Tab): Promise<void> {
    const live = this.#live;
    if (!live || tab.id === undefined || tab.openerTabId === undefined || !live.driver.owns(tab.openerTabId)) return;
    await live.driver.adopt(tab.id);
  }

  stop(taskId: string): boolean {
    const live = this.#live;
    if (!live || live.view.id !== taskId) return false;
    this.#stop(live, undefined);
    return true;
  }

  #stop(live: LiveTask, reason: string | undefined): void {
    if (live.controller.signal.aborted) return;
    live.controller.abort(new DOMException('Stopped by the user', 'AbortError'));
    this.#finish(live, { status: 'stopped', error: reason });
  }

  async #run(live: LiveTask, settings: Settings): Promise<void> {
    const { view, controller } = live;
    const toolset = new StewardBrowserToolset(live.driver, {
      toolConfigs: { cache_control: { type: 'ephemeral' } },
      optional: { devtools: settings.allowDevtools },
    });
    const messages: BetaMessageParam[] = [{ role: 'user', content: view.prompt }];
    let streaming: { id: string; text: string } | undefined;
    let turn = 0;

    const outcome = await runAgentLoop({
      model: anthropicModel(settings),
      toolset,
      system: systemPrompt(new Date()),
      messages,
      signal: controller.signal,
      hooks: {
        onText: (delta) => {
          if (controller.signal.aborted) return;
          if (!streaming) {
            // The first piece opens the entry, so the panel never shows an empty message.
            streaming = { id: `${view.id}:assistant:${turn}`, text: delta };
            view.entries.push({ kind: 'assistant', id: streaming.id, text: delta });
            void this.#publish(live);
            return;
          }
          streaming.text += delta;
          const entry = view.entries.find((e) => e.id === streaming?.id);
          if (entry && entry.kind === 'assistant') entry.text = streaming.text;
          broadcast({ type: 'task.text', taskId: view.id, entryId: streaming.id, delta });
        },
        onAssistantMessage: async () => {
          streaming = undefined;
          turn++;
          await this.#publish(live);
        },
        onToolStart: async (toolUse: BetaToolUseBlock) => {
          if (controller.signal.aborted) return;
          view.entries.push({
            kind: 'tool',
            id: toolUse.id,
            member: toolUse.name,
            target: describeToolTarget(toolUse.name, toolUse.input),
            status: 'running',
            startedAt: Date.now(),
          });
          await this.#publish(live);
        },
        onToolEnd: async (toolUse: BetaToolUseBlock, result: BetaToolResultBlockParam) => {
          const entry = view.entries.find((e): e is ToolEntry => e.kind === 'tool' && e.id === toolUse.id);
          if (!entry) return;
          entry.status = result.is_error ? 'error' : 'ok';
          entry.outcome = clipOutcome(resultText(result), toolUse.name);
          entry.endedAt = Date.now();
          const image = resultImage(result);
          if (image) entry.thumbnail = await thumbnail(image.data, image.mediaType).catch(() => undefined);
          if (!controller.signal.aborted) await this.#publish(live);
        },
      },
    });

    if (outcome.status === 'done') {
      const last = view.entries.at(-1);
      if (last?.kind === 'assistant' && last.text.trim() === outcome.finalText) view.entries.pop();
      this.#finish(live, { status: 'done', finalAnswer: outcome.finalText || '(The model finished without a written answer.)' });
    } else if (outcome.status === 'error') {
      this.#finish(live, { status: 'error', error: describeApiError(outcome.error, settings.apiBaseUrl) });
    } else {
      this.#finish(live, { status: 'stopped' });
    }
  }

  #finish(live: LiveTask, end: Pick<TaskView, 'status'> & Partial<Pick<TaskView, 'error' | 'finalAnswer'>>): void {
    if (live.view.status !== 'running') return;
    Object.assign(live.view, end, { endedAt: Date.now() });
    for (const entry of live.view.entries) {
      if (entry.kind === 'tool' && entry.status === 'running') {
        entry.status = 'stopped';
        entry.outcome ??= 'Stopped before it finished.';
      }
    }
    clearInterval(live.keepalive);
    if (this.#live === live) this.#live = undefined;
    void live.driver.release();
    void this.#publish(live);
  }

  async #publish(task: StoredTask): Promise<void> {
    broadcast({ type: 'task.state', task: task.view });
    await this.#persist(task);
  }

  /** Writes are chained, so an older state never lands after a newer one. */
  #persist(task: StoredTask): Promise<void> {
    const snapshot = structuredClone({ view: task.view, tabs: task.tabs });
    this.#persisting = this.#persisting.then(() => this.session.set(CURRENT_TASK_KEY, snapshot)).catch(() => undefined);
    return this.#persisting;
  }
}

function clipOutcome(text: string, member: string): string {
  if (member === 'read_page' || member === 'get_page_text') {
    const lines = text.split('\n');
    return `${lines.length} lines, ${text.length.toLocaleString('en-US')} characters read`;
  }
  // A pure action's first line is the SDK's acknowledgment ("Clicked."); the line after it says more.
  const lines = text.trim().split('\n');
  const flat = (lines.length > 1 ? lines.slice(1).join('\n') : text).trim();
  return flat.length > 400 ? `${flat.slice(0, 399)}…` : flat;
}

/**
 * The task's tabs live in a tab group named for it, so the user sees at a glance what Steward
 * works in. A tab that is already in one of the user's groups stays where it is.
 */
async function groupForTask(tab: chrome.tabs.Tab, prompt: string): Promise<number | undefined> {
  if (tab.id === undefined || (tab.groupId !== undefined && tab.groupId !== chrome.tabGroups.TAB_GROUP_ID_NONE)) return undefined;
  try {
    const groupId = await chrome.tabs.group({ tabIds: [tab.id], createProperties: { windowId: tab.windowId } });
    const title = prompt.replace(/\s+/g, ' ').trim();
    await chrome.tabGroups.update(groupId, { title: `Steward: ${title.length > 28 ? `${title.slice(0, 27)}…` : title}`, color: 'cyan' });
    return groupId;
  } catch {
    return undefined;
  }
}
