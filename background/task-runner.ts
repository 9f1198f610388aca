import type { BetaToolUseBlock } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { runAgentLoop } from '../src/agent/loop';
import { systemPrompt } from '../src/agent/system-prompt';
import type { Platform } from '../src/browser/keys';
import { StewardBrowserToolset } from '../src/browser/toolset';
import { apiErrorWords } from '../src/model/errors';
import { WordsError } from '../src/i18n/english';
import { type Text, words } from '../src/i18n/words';
import type { Mode } from '../src/policy/decide';
import { type AdminPolicy, emptyAdminPolicy, modeRefusal } from '../src/policy/admin';
import { type PlanContext, proposePlan } from '../src/tools/plan';
import type { BoundTool } from '../src/agent/loop';
import { emptyUsage, priceFor } from '../src/model/pricing';
import type { Plan, TaskView } from '../src/protocol/task';
import type { Answer } from '../src/session/questions';
import type { TaskSession } from '../src/session/session';
import { TaskSessions } from '../src/session/sessions';
import { taskView } from '../src/session/view';
import type { Settings } from '../src/store/settings';
import { type AuditStore, auditLog } from '../src/store/audit';
import { relieveStoragePressure } from '../src/store/storage-pressure';
import { TASK_RECORD_VERSION, type TaskRecord, type TaskStore, type TaskSummary } from '../src/store/tasks';
import { chromeHost } from './chrome-host';
import * as cdp from './driver/cdp';
import type { TaskTabs } from './driver/chrome-driver';
import { taskDriver } from './recording/driver';
import { modelForTask, tracedHooks } from './routine-replay';
import type { LiveTask } from './live-task';
import { TaskApprovals } from './task-approvals';
import { auditRecord, budgetReason } from '../src/session/accounts';

export type { Answer } from '../src/session/questions';

/** How a task that Steward starts by itself (a routine run) differs from one the user typed. */
export interface StartOptions {
  /** The tab to work in, instead of the window's active tab. */
  tabId?: number;
  /**
   * A plan agreed beforehand (a routine's sites), for the 'plan' mode: the task runs unattended, so
   * it never proposes one; ordinary actions on its sites run, anything else asks.
   */
  plan?: Plan;
  /** Replaces Settings' budgets for this task. */
  budget?: TaskRecord['budget'];
  /** The title of the task's tab group. */
  groupTitle?: string;
  /** A routine run that replays a recorded run (background/routine-replay.ts). */
  replay?: TaskRecord['replay'];
  /** Keep a screenshot of each action (background/recording/), to export as a GIF. */
  record?: boolean;
}

/** Test and diagnostics hooks: a place to hold a task between a tool's action and its recorded result. */
export interface RunnerProbes {
  holdBeforeRecording?: (toolUse: BetaToolUseBlock) => Promise<void>;
}

/**
 * Runs tasks in the service worker: the agent loop and the driver around each task's session
 * (src/session/), which owns the record and writes every step before the next one begins. When the
 * worker starts, tasks that were running resume from their last step, and an action that started
 * but was never recorded is reported to the model as interrupted, not repeated.
 */
export class TaskRunner {
  /** The sessions: subscribe to hear when a task asks, is answered, acts, or ends. */
  readonly sessions: TaskSessions;
  readonly #live = new Map<string, LiveTask>();
  readonly probes: RunnerProbes = {};
  /** Before a tool call runs, awaited: the network rules for the task's tabs are brought up to date. */
  beforeAction: () => Promise<void> = async () => {};

  readonly #audit: ReturnType<typeof auditLog>;
  readonly #approvals: TaskApprovals;

  constructor(
    private readonly store: TaskStore,
    private readonly loadSettings: () => Promise<Settings>,
    auditStore: AuditStore,
    /** Adds a site to the user's trusted sites, for "Always allow on this site" in the "Act without asking" mode. */
    trustSite: (host: string) => Promise<void> = async () => {},
    /** The administrator's policy in force now (chrome.storage.managed); loadSettings already applies its ceilings. */
    private readonly adminPolicy: () => Promise<AdminPolicy> = async () => emptyAdminPolicy(),
  ) {
    this.sessions = new TaskSessions(store, chromeHost(store));
    this.#audit = auditLog(auditStore);
    this.#approvals = new TaskApprovals({ audit: this.#audit, trustSite, adminPolicy: () => this.adminPolicy() });
    this.sessions.subscribe((event) => {
      if (event.type === 'finished') void this.#ended(event.session);
    });
    cdp.onDetach((tabId, reason) => {
      for (const { session } of this.#live.values()) {
        if (reason === 'canceled_by_user' && session.tabs.tabIds.includes(tabId)) session.stop(words('stopped_debugger_bar'));
      }
    });
  }

  /** When the worker starts: show the latest task, and resume those that were running. */
  async restore(): Promise<void> {
    const settings = await this.loadSettings();
    await this.sessions.restore((session) => this.#launch(session, settings));
  }

  current(windowId: number): TaskView | null {
    return this.sessions.current(windowId);
  }

  /**
   * Tasks in different windows run side by side; a window runs one at a time, and a task never
   * takes over a tab group that another task is using.
   */
  async start(prompt: string, windowId: number, mode?: Mode, options: StartOptions = {}): Promise<string> {
    for (const { session } of this.#running()) {
      if (session.windowId === windowId) throw new WordsError(words('error_window_busy'));
    }
    const settings = await this.loadSettings();
    if (!settings.apiKey) throw new WordsError(words('error_no_key'));
    const modeRefused = modeRefusal(mode ?? settings.defaultMode, await this.adminPolicy());
    if (modeRefused) throw new WordsError(modeRefused);

    const [active] = options.tabId !== undefined ? [await chrome.tabs.get(options.tabId)] : await chrome.tabs.query({ active: true, windowId });
    const startTab = active?.id !== undefined ? active : await chrome.tabs.create({ windowId, active: true });
    if (startTab.id === undefined) throw new WordsError(words('error_no_tab'));
    for (const live of this.#running()) {
      if (live.driver.owns(startTab.id) || (startTab.groupId !== undefined && startTab.groupId !== -1 && startTab.groupId === live.session.tabs.groupId)) {
        throw new WordsError(words('error_tab_busy'));
      }
    }

    const id = crypto.randomUUID();
    const now = Date.now();
    const session = await this.sessions.create({
      version: TASK_RECORD_VERSION,
      id,
      prompt,
      status: 'running',
      createdAt: now,
      entries: [{ kind: 'user', id: `${id}:user`, text: prompt }],
      ...(options.record ? { recording: true } : {}),
      model: settings.model,
      mode: mode ?? settings.defaultMode,
      allowedSites: [],
      ...(options.plan ? { plan: options.plan, unattended: true } : {}),
      ...(options.budget ? { budget: options.budget } : {}),
      // Routine replay: the recorded run's alignment verdicts are reused for the actions that match them.
      ...(options.replay ? { replay: options.replay, alignment: { verdicts: { ...options.replay.trace.verdicts }, calls: 0 } } : {}),
      startedAt: now,
      tabs: { windowId, tabIds: [startTab.id], currentTabId: startTab.id, nextRef: {}, groupId: await groupForTask(startTab, options.groupTitle ?? prompt) },
      loop: { messages: [{ role: 'user', content: prompt }], pendingResults: [], steps: 0 },
      usage: emptyUsage(),
    });
    await this.#launch(session, settings);
    return id;
  }

  /** The user's answer to a task's approval card; false when that approval is no longer pending. */
  answerApproval(taskId: string, approvalId: string, answer: Answer): boolean {
    return this.sessions.get(taskId)?.answer(approvalId, answer) ?? false;
  }

  /** "Resume" after "Take over": false when the task is not waiting for it. */
  resume(taskId: string): boolean {
    return this.sessions.get(taskId)?.resume() ?? false;
  }

  stop(taskId: string, reason?: Text): boolean {
    const session = this.sessions.get(taskId);
    session?.stop(reason);
    return session !== undefined;
  }

  /** A tab opened by one of a running task's tabs (a popup, a target=_blank link) joins that task. */
  async onTabCreated(tab: chrome.tabs.Tab): Promise<void> {
    if (tab.id === undefined || tab.openerTabId === undefined) return;
    for (const live of this.#running()) if (live.driver.owns(tab.openerTabId)) await live.driver.adopt(tab.id);
  }

  // Navigations a page starts by itself (background/navigation-guard.ts)

  ownsTab(tabId: number): boolean {
    return this.#running().some((live) => live.driver.owns(tabId));
  }

  /** Every tab a running task works in (background/network-guard.ts). */
  taskTabIds(): number[] {
    return this.#running()
      .filter(({ session }) => !session.signal.aborted)
      .flatMap(({ session }) => session.tabs.tabIds);
  }

  /** A navigation the guard stopped: shown in the timeline now, and told to the model with the next results. */
  reportStoppedNavigation(tabId: number, url: string, reason: string): void {
    for (const live of this.#running()) if (live.driver.owns(tabId)) live.session.navigationStopped(tabId, url, reason);
  }

  /** The tasks still running: a task that ended keeps its driver only until its end is written. */
  #running(): LiveTask[] {
    return [...this.#live.values()].filter(({ session }) => session.running);
  }

  // History

  history(): Promise<TaskSummary[]> {
    return this.store.list();
  }

  async open(id: string): Promise<TaskView> {
    const live = this.sessions.get(id);
    if (live) return live.view();
    const record = await this.store.get(id);
    if (!record) throw new WordsError(words('error_task_gone'));
    return taskView(record);
  }

  remove(id: string): Promise<void> {
    return this.sessions.remove(id);
  }

  async exportJson(id: string): Promise<string> {
    const record = await this.sessions.record(id);
    if (!record) throw new WordsError(words('error_task_gone'));
    return JSON.stringify(record, null, 2);
  }

  // Running

  async #launch(session: TaskSession, settings: Settings): Promise<void> {
    const platform: Platform = (await chrome.runtime.getPlatformInfo()).os === 'mac' ? 'mac' : 'other';
    const live: LiveTask = {
      session,
      driver: taskDriver(session.record, platform, session.tabs as TaskTabs, () => session.tabsChanged(), {
        devtoolsLog: settings.allowDevtools,
        approveDownload: (download) => this.#approvals.approveDownload(live, download),
      }),
      decisions: new Map(),
    };
    this.#live.set(session.id, live);
    // Attached from the start, so a dialog the page opens before the first action cannot block it.
    const tab = session.tabs.currentTabId;
    if (tab !== undefined) await live.driver.attach(tab).catch(() => undefined);
    void this.#run(live, settings);
  }

  /** A task ended: its driver lets go of its tabs, and old screenshots make room if storage runs short. */
  async #ended(session: TaskSession): Promise<void> {
    const live = this.#live.get(session.id);
    if (!live) return;
    this.#live.delete(session.id);
    void live.driver.release();
    await relieveStoragePressure(this.store, async () => {
      const { usage = 0, quota = 0 } = await navigator.storage.estimate();
      return { usage, quota };
    }).catch(() => 0);
  }

  async #run(live: LiveTask, settings: Settings): Promise<void> {
    const { session } = live;
    const record = session.record;
    const price = priceFor(record.model, settings.prices);
    const admin = await this.adminPolicy();
    const toolset = new StewardBrowserToolset(live.driver, {
      toolConfigs: { cache_control: { type: 'ephemeral' } },
      // Members the administrator turned off are not offered at all; the policy blocks them as well.
      optional: { devtools: settings.allowDevtools, disabled: admin.disabledMembers },
      // The task runs with the settings it started with, the sensitive list among them.
      confirm: (ctx) => this.#approvals.confirm(live, ctx, settings),
    });
    const tools: BoundTool[] = [];
    if (record.mode === 'plan' && !record.unattended) {
      tools.push({
        param: proposePlan.param,
        run: (input) => proposePlan.run(input, { askUser: (plan) => this.#approvals.askPlan(live, plan, session.loop.inFlight ?? 'plan') } satisfies PlanContext),
      });
    }

    const outcome = await runAgentLoop({
      model: modelForTask(record, settings, live.driver),
      toolset,
      tools,
      // Routines: an unattended run's plan is agreed; it acts on its sites like the 'act' mode does on trusted ones.
      system: systemPrompt(new Date(record.startedAt), record.unattended ? 'act' : record.mode),
      state: session.loop,
      signal: session.signal,
      budgetExceeded: () => budgetReason(record, settings, record.budget),
      hooks: tracedHooks(record, session.traceDraft(), live.driver, {
        onText: (delta) => session.streamText(delta),
        onStreamReset: () => session.streamReset(),
        onStatus: (notice) => session.setNotice(notice),
        onAssistantMessage: (message) => session.modelAnswered(message.usage, price),
        onToolStart: async (toolUse) => {
          await session.toolStarted(toolUse);
          if (!session.signal.aborted) await this.beforeAction();
        },
        onToolEnd: (toolUse, result) => session.toolEnded(toolUse, result),
        beforeRecord: (toolUse) => this.probes.holdBeforeRecording?.(toolUse) ?? Promise.resolve(),
        wasAwaitingApproval: (toolUseId) => session.waitingOn(toolUseId),
        reviewResults: async (results) => withStoppedNavigations(session, await this.#approvals.reviewResults(live, results)),
        onResult: async (toolUse, result) => {
          await this.#audit.append(auditRecord(session.id, toolUse, result, live.decisions.get(toolUse.id)));
          live.decisions.delete(toolUse.id);
        },
        persist: () => session.loopAdvanced(),
      }),
    });

    if (outcome.status === 'done') await session.finish({ status: 'done', finalAnswer: outcome.finalText || '(The model finished without a written answer.)' });
    else if (outcome.status === 'budget') await session.fail(outcome.reason);
    else if (outcome.status === 'error') await session.fail(apiErrorWords(outcome.error, settings.apiBaseUrl));
    else await session.finish({ status: 'stopped' });
  }
}

/** Adds what the navigation guard stopped since the last results to Steward's note for the model. */
function withStoppedNavigations(session: TaskSession, review: 'continue' | 'stop' | { note: string }): 'continue' | 'stop' | { note: string } {
  if (review === 'stop') return review;
  const notes = session.takeNavigationNotes();
  if (notes.length === 0) return review;
  return { note: [...(typeof review === 'object' ? [review.note] : []), ...notes].join('\n') };
}

/**
 * The task's tabs live in a tab group named for it, so the user sees at a glance what Steward
 * works in. A tab that is already in one of the user's groups stays where it is.
 */
async function groupForTask(tab: chrome.tabs.Tab, title: string): Promise<number | undefined> {
  if (tab.id === undefined || (tab.groupId !== undefined && tab.groupId !== chrome.tabGroups.TAB_GROUP_ID_NONE)) return undefined;
  try {
    const groupId = await chrome.tabs.group({ tabIds: [tab.id], createProperties: { windowId: tab.windowId } });
    const flat = title.replace(/\s+/g, ' ').trim();
    await chrome.tabGroups.update(groupId, { title: `Steward: ${flat.length > 28 ? `${flat.slice(0, 27)}…` : flat}`, color: 'cyan' });
    return groupId;
  } catch {
    return undefined;
  }
}
