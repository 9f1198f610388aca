import type { BetaMessage, BetaToolResultBlockParam, BetaToolUseBlock } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { withoutOldImages } from '../src/agent/context';
import { describeToolTarget } from '../src/agent/describe';
import { INTERRUPTED, type LoopState, runAgentLoop } from '../src/agent/loop';
import { systemPrompt } from '../src/agent/system-prompt';
import { resultImage, resultText } from '../src/agent/tool-results';
import type { Platform } from '../src/browser/keys';
import { StewardBrowserToolset } from '../src/browser/toolset';
import { describeApiError } from '../src/model/errors';
import type { Mode } from '../src/policy/decide';
import { type AdminPolicy, emptyAdminPolicy, modeRefusal } from '../src/policy/admin';
import { type PlanContext, proposePlan } from '../src/tools/plan';
import type { BoundTool } from '../src/agent/loop';
import { addUsage, emptyUsage, formatUsage, priceFor } from '../src/model/pricing';
import type { Plan, TaskView, ToolEntry } from '../src/protocol/task';
import type { Settings } from '../src/store/settings';
import { type AuditRecord, type AuditStore, auditLog } from '../src/store/audit';
import { relieveStoragePressure } from '../src/store/storage-pressure';
import { TASK_RECORD_VERSION, type TaskRecord, type TaskStore, type TaskSummary } from '../src/store/tasks';
import * as cdp from './driver/cdp';
import type { TaskTabs } from './driver/chrome-driver';
import { taskDriver } from './recording/driver';
import { modelForTask, tracedHooks } from './routine-replay';
import { refuseDownload } from './driver/downloads';
import { thumbnail } from './driver/image';
import type { Answer, LiveTask, TaskListeners } from './live-task';
import { broadcast } from './panel-hub';
import { DOWNLOAD_QUESTION, TaskApprovals } from './task-approvals';
import { windowExists } from './windows';

export type { Answer, TaskListeners } from './live-task';

/** Chrome stops a worker after 30 s without extension API calls; one call every 20 s keeps a running task alive. */
const KEEPALIVE_MS = 20_000;
/** While a task runs, an alarm wakes a worker that Chrome stopped anyway, so the task resumes. */
export const RESUME_ALARM = 'steward.resume';

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
 * Runs tasks in the service worker. Every step is written to the task store before the next one
 * begins; when the worker starts, tasks that were running resume from their last step, and an
 * action that started but was never recorded is reported to the model as interrupted, not repeated.
 */
export class TaskRunner {
  readonly #live = new Map<string, LiveTask>();
  /** Per window, the task its panel shows: the one running there, or the last to finish. */
  readonly #shown = new Map<number, TaskRecord>();
  #writes = Promise.resolve();
  readonly probes: RunnerProbes = {};
  /** Routines: set once, at the worker's start, before any task resumes. */
  readonly listeners: TaskListeners = {};

  readonly #audit: ReturnType<typeof auditLog>;
  readonly #approvals: TaskApprovals;

  constructor(
    private readonly store: TaskStore,
    private readonly loadSettings: () => Promise<Settings>,
    auditStore: AuditStore,
    /** Adds a site to the user's trusted sites, for "Always allow on this site" in the "Act without asking" mode. */
    private readonly trustSite: (host: string) => Promise<void> = async () => {},
    /** The administrator's policy in force now (chrome.storage.managed); loadSettings already applies its ceilings. */
    private readonly adminPolicy: () => Promise<AdminPolicy> = async () => emptyAdminPolicy(),
  ) {
    this.#audit = auditLog(auditStore);
    this.#approvals = new TaskApprovals({
      save: (record) => this.#save(record),
      stop: (live, reason) => this.#stop(live, reason),
      othersWaiting: (live) => [...this.#live.values()].some((other) => other !== live && (other.record.view.approval !== undefined || other.record.view.takenOver !== undefined)),
      audit: this.#audit,
      trustSite: (host) => this.trustSite(host),
      adminPolicy: () => this.adminPolicy(),
      listeners: this.listeners,
    });
    cdp.onDetach((tabId, reason) => {
      for (const live of this.#live.values()) {
        if (reason === 'canceled_by_user' && live.record.tabs.tabIds.includes(tabId)) this.#stop(live, 'You closed the debugging bar, so Steward stopped the task.');
      }
    });
  }

  /** When the worker starts: show the latest task, and resume those that were running. */
  async restore(): Promise<void> {
    for (const summary of (await this.store.list()).slice(0, 20).reverse()) {
      const record = await this.store.get(summary.id);
      if (record) this.#shown.set(record.tabs.windowId, record);
    }
    const settings = await this.loadSettings();
    for (const record of await this.store.unfinished()) {
      if (this.#live.has(record.id)) continue;
      // The browser was closed while it ran: its window and tabs are gone, and so is what it was doing.
      if (!(await windowExists(record.tabs.windowId))) {
        endRecord(record, { status: 'stopped', error: 'The browser was closed while this task ran. Start it again to go on.' });
        await this.#save(record);
        this.listeners.onFinished?.(record);
        continue;
      }
      this.#shown.set(record.tabs.windowId, record);
      await this.#launch(record, settings);
    }
  }

  current(windowId: number): TaskView | null {
    return this.#shown.get(windowId)?.view ?? null;
  }

  isRunning(): boolean {
    return this.#live.size > 0;
  }

  /**
   * Tasks in different windows run side by side; a window runs one at a time, and a task never
   * takes over a tab group that another task is using.
   */
  async start(prompt: string, windowId: number, mode?: Mode, options: StartOptions = {}): Promise<string> {
    for (const live of this.#live.values()) {
      if (live.record.tabs.windowId === windowId) throw new Error('A task is already running in this window. Stop it, or start the new one in another window.');
    }
    const settings = await this.loadSettings();
    if (!settings.apiKey) throw new Error('Add your Anthropic API key in Settings first.');
    const modeRefused = modeRefusal(mode ?? settings.defaultMode, await this.adminPolicy());
    if (modeRefused) throw new Error(modeRefused);

    const [active] = options.tabId !== undefined ? [await chrome.tabs.get(options.tabId)] : await chrome.tabs.query({ active: true, windowId });
    const startTab = active?.id !== undefined ? active : await chrome.tabs.create({ windowId, active: true });
    if (startTab.id === undefined) throw new Error('There is no tab to work in.');
    for (const live of this.#live.values()) {
      if (live.driver.owns(startTab.id) || (startTab.groupId !== undefined && startTab.groupId !== -1 && startTab.groupId === live.record.tabs.groupId)) {
        throw new Error('This tab belongs to another running task. Switch to another tab, or stop that task first.');
      }
    }

    const id = crypto.randomUUID();
    const now = Date.now();
    const record: TaskRecord = {
      version: TASK_RECORD_VERSION,
      id,
      model: settings.model,
      mode: mode ?? settings.defaultMode,
      allowedSites: [],
      ...(options.plan ? { plan: options.plan, unattended: true } : {}),
      ...(options.budget ? { budget: options.budget } : {}),
      // Routine replay: the recorded run's alignment verdicts are reused for the actions that match them.
      ...(options.replay ? { replay: options.replay, alignment: { verdicts: { ...options.replay.trace.verdicts }, calls: 0 } } : {}),
      startedAt: now,
      view: { id, prompt, status: 'running', createdAt: now, entries: [{ kind: 'user', id: `${id}:user`, text: prompt }], ...(options.record ? { recording: true } : {}) },
      tabs: { windowId, tabIds: [startTab.id], currentTabId: startTab.id, nextRef: {}, groupId: await groupForTask(startTab, options.groupTitle ?? prompt) },
      loop: { messages: [{ role: 'user', content: prompt }], pendingResults: [], steps: 0 },
      usage: emptyUsage(),
    };
    this.#shown.set(windowId, record);
    await this.#save(record);
    await this.#launch(record, settings);
    return id;
  }

  /** The user's answer to a task's approval card; false when that approval is no longer pending. */
  answerApproval(taskId: string, approvalId: string, answer: Answer): boolean {
    const live = this.#live.get(taskId);
    return live ? this.#approvals.answer(live, approvalId, answer) : false;
  }

  /** "Resume" after "Take over": false when the task is not waiting for it. */
  resume(taskId: string): boolean {
    const live = this.#live.get(taskId);
    return live ? this.#approvals.resume(live) : false;
  }

  stop(taskId: string, reason?: string): boolean {
    const live = this.#live.get(taskId);
    if (!live) return false;
    this.#stop(live, reason);
    return true;
  }

  /** A tab opened by one of a running task's tabs (a popup, a target=_blank link) joins that task. */
  async onTabCreated(tab: chrome.tabs.Tab): Promise<void> {
    if (tab.id === undefined || tab.openerTabId === undefined) return;
    for (const live of this.#live.values()) if (live.driver.owns(tab.openerTabId)) await live.driver.adopt(tab.id);
  }

  // Navigations a page starts by itself (background/navigation-guard.ts)

  ownsTab(tabId: number): boolean {
    return [...this.#live.values()].some((live) => live.driver.owns(tabId));
  }

  /** Every tab a running task works in (background/network-guard.ts). */
  taskTabIds(): number[] {
    return [...this.#live.values()].filter((live) => !live.controller.signal.aborted).flatMap((live) => live.record.tabs.tabIds);
  }

  /** A navigation the guard stopped: shown in the timeline now, and told to the model with the next results. */
  reportStoppedNavigation(tabId: number, url: string, reason: string): void {
    for (const live of this.#live.values()) {
      if (!live.driver.owns(tabId) || live.controller.signal.aborted) continue;
      const now = Date.now();
      const shown = url.length > 200 ? `${url.slice(0, 199)}…` : url;
      live.record.view.entries.push({ kind: 'tool', id: `${live.record.id}:navigation:${crypto.randomUUID()}`, member: 'page_navigation', target: shown, status: 'error', outcome: `Stopped: ${reason}`, startedAt: now, endedAt: now });
      live.stoppedNavigations.push(`Steward: the page in tab ${tabId} tried to go to ${shown} by itself, and Steward stopped it: ${reason} Do not try to reach it another way.`);
      void this.#save(live.record);
    }
  }

  // History

  history(): Promise<TaskSummary[]> {
    return this.store.list();
  }

  async open(id: string): Promise<TaskView> {
    const record = this.#live.get(id)?.record ?? (await this.store.get(id));
    if (!record) throw new Error('That task is no longer in the history.');
    return record.view;
  }

  async remove(id: string): Promise<void> {
    if (this.#live.has(id)) throw new Error('Stop the task before deleting it.');
    await this.store.remove(id);
    for (const [windowId, shown] of this.#shown) {
      if (shown.id !== id) continue;
      this.#shown.delete(windowId);
      broadcast(windowId, { type: 'task.state', task: null });
    }
  }

  async exportJson(id: string): Promise<string> {
    const record = this.#live.get(id)?.record ?? (await this.store.get(id));
    if (!record) throw new Error('That task is no longer in the history.');
    return JSON.stringify(record, null, 2);
  }

  // Running

  async #launch(record: TaskRecord, settings: Settings): Promise<void> {
    const platform: Platform = (await chrome.runtime.getPlatformInfo()).os === 'mac' ? 'mac' : 'other';
    const controller = new AbortController();
    const live: LiveTask = {
      record,
      controller,
      driver: taskDriver(record, platform, record.tabs as TaskTabs, () => this.#save(record), {
        devtoolsLog: settings.allowDevtools,
        approveDownload: (download) => this.#approvals.approveDownload(live, download),
      }),
      keepalive: setInterval(() => void chrome.runtime.getPlatformInfo(), KEEPALIVE_MS),
      decisions: new Map(),
      stoppedNavigations: [],
      asking: Promise.resolve(),
    };
    // A download question cannot outlive the worker that asked it: unanswered, the file does not stay.
    const question = record.view.approval?.toolUseId;
    if (question?.startsWith(DOWNLOAD_QUESTION)) {
      record.view.approval = undefined;
      await refuseDownload(Number(question.slice(DOWNLOAD_QUESTION.length)));
    }
    this.#live.set(record.id, live);
    void chrome.alarms.create(RESUME_ALARM, { periodInMinutes: 0.5 });
    this.#publish(record);
    // Attached from the start, so a dialog the page opens before the first action cannot block it.
    const tab = record.tabs.currentTabId;
    if (tab !== undefined) await live.driver.attach(tab).catch(() => undefined);
    void this.#run(live, settings);
  }

  #stop(live: LiveTask, reason: string | undefined): void {
    if (live.controller.signal.aborted) return;
    live.controller.abort(new DOMException('Stopped by the user', 'AbortError'));
    void this.#finish(live, { status: 'stopped', error: reason });
  }

  async #run(live: LiveTask, settings: Settings): Promise<void> {
    const { record, controller } = live;
    const { view } = record;
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
        run: (input) => proposePlan.run(input, { askUser: (plan) => this.#approvals.askPlan(live, plan, live.record.loop.inFlight ?? 'plan') } satisfies PlanContext),
      });
    }
    const state: LoopState = record.loop;

    const outcome = await runAgentLoop({
      model: modelForTask(record, settings, live.driver),
      toolset,
      tools,
      // Routines: an unattended run's plan is agreed; it acts on its sites like the 'act' mode does on trusted ones.
      system: systemPrompt(new Date(record.startedAt), record.unattended ? 'act' : record.mode),
      state,
      signal: controller.signal,
      budgetExceeded: () => budgetReason(record, settings, record.budget),
      hooks: tracedHooks(record, live.driver, {
        onText: (delta) => this.#streamText(live, delta),
        onStreamReset: () => {
          if (live.streaming) view.entries = view.entries.filter((entry) => entry.id !== live.streaming?.id);
          live.streaming = undefined;
          this.#publish(record);
        },
        onStatus: (notice) => {
          if (view.notice === notice) return;
          view.notice = notice;
          this.#publish(record);
        },
        onAssistantMessage: async (message: BetaMessage) => {
          live.streaming = undefined;
          record.usage = addUsage(record.usage, message.usage, price);
          view.usageText = formatUsage(record.usage, record.alignment?.calls);
          await this.#save(record);
        },
        onToolStart: async (toolUse) => {
          if (controller.signal.aborted) return;
          view.entries.push({
            kind: 'tool',
            id: toolUse.id,
            member: toolUse.name,
            target: describeToolTarget(toolUse.name, toolUse.input),
            status: 'running',
            startedAt: Date.now(),
          });
          await this.#save(record);
          await this.listeners.beforeAction?.();
          this.listeners.onActing?.(record, true);
        },
        onToolEnd: async (toolUse, result) => {
          this.listeners.onActing?.(record, false);
          await this.#recordToolEnd(live, toolUse, result);
        },
        beforeRecord: (toolUse) => this.probes.holdBeforeRecording?.(toolUse) ?? Promise.resolve(),
        wasAwaitingApproval: (toolUseId) => view.approval?.toolUseId === toolUseId || view.takenOver?.toolUseId === toolUseId,
        reviewResults: async (results) => withStoppedNavigations(live, await this.#approvals.reviewResults(live, results)),
        onResult: async (toolUse, result) => {
          await this.#audit.append(auditRecord(record.id, toolUse, result, live.decisions.get(toolUse.id)));
          live.decisions.delete(toolUse.id);
        },
        persist: async (loop) => {
          // Screenshots older than the latest few are never sent again: they are not kept either.
          loop.messages = withoutOldImages(loop.messages);
          await this.#save(record);
        },
      }),
    });

    if (outcome.status === 'done') {
      const last = view.entries.at(-1);
      if (last?.kind === 'assistant' && last.text.trim() === outcome.finalText) view.entries.pop();
      await this.#finish(live, { status: 'done', finalAnswer: outcome.finalText || '(The model finished without a written answer.)' });
    } else if (outcome.status === 'budget') {
      await this.#finish(live, { status: 'error', error: outcome.reason });
    } else if (outcome.status === 'error') {
      await this.#finish(live, { status: 'error', error: describeApiError(outcome.error, settings.apiBaseUrl) });
    } else {
      await this.#finish(live, { status: 'stopped' });
    }
  }

  #streamText(live: LiveTask, delta: string): void {
    const { record, controller } = live;
    if (controller.signal.aborted) return;
    if (!live.streaming) {
      // The first piece opens the entry, so the panel never shows an empty message.
      live.streaming = { id: `${record.id}:assistant:${record.loop.steps}:${Date.now()}`, text: delta };
      record.view.entries.push({ kind: 'assistant', id: live.streaming.id, text: delta });
      this.#publish(record);
      return;
    }
    live.streaming.text += delta;
    const entry = record.view.entries.find((e) => e.id === live.streaming?.id);
    if (entry?.kind === 'assistant') entry.text = live.streaming.text;
    broadcast(record.tabs.windowId, { type: 'task.text', taskId: record.id, entryId: live.streaming.id, delta });
  }

  async #recordToolEnd(live: LiveTask, toolUse: BetaToolUseBlock, result: BetaToolResultBlockParam): Promise<void> {
    const { view } = live.record;
    let entry = view.entries.find((e): e is ToolEntry => e.kind === 'tool' && e.id === toolUse.id);
    if (!entry) {
      // Answered without running (interrupted by a restart, or skipped after a failure).
      entry = { kind: 'tool', id: toolUse.id, member: toolUse.name, target: describeToolTarget(toolUse.name, toolUse.input), status: 'running', startedAt: Date.now() };
      view.entries.push(entry);
    }
    entry.status = result.is_error ? 'error' : 'ok';
    entry.outcome = clipOutcome(resultText(result), toolUse.name);
    entry.endedAt = Date.now();
    const image = resultImage(result);
    if (image) entry.thumbnail = await thumbnail(image.data, image.mediaType).catch(() => undefined);
    if (!live.controller.signal.aborted) await this.#save(live.record);
  }

  async #finish(live: LiveTask, end: Pick<TaskView, 'status'> & Partial<Pick<TaskView, 'error' | 'finalAnswer'>>): Promise<void> {
    const { record } = live;
    if (record.view.status !== 'running') return;
    endRecord(record, end);
    clearInterval(live.keepalive);
    this.#live.delete(record.id);
    if (this.#live.size === 0) void chrome.alarms.clear(RESUME_ALARM);
    void live.driver.release();
    await this.#save(record);
    this.listeners.onFinished?.(record);
    await relieveStoragePressure(this.store, async () => {
      const { usage = 0, quota = 0 } = await navigator.storage.estimate();
      return { usage, quota };
    }).catch(() => 0);
  }

  #publish(record: TaskRecord): void {
    const windowId = record.tabs.windowId;
    if (this.#shown.get(windowId)?.id === record.id) broadcast(windowId, { type: 'task.state', task: record.view });
  }

  /** Writes are chained, so an older state never lands after a newer one; the panel hears of each. */
  #save(record: TaskRecord): Promise<void> {
    this.#publish(record);
    const snapshot = structuredClone(record);
    this.#writes = this.#writes.then(() => this.store.put(snapshot)).catch((error: unknown) => console.error('Steward could not save the task', error));
    return this.#writes;
  }
}

/** Marks a task's record as ended: its status, no question pending, and a transcript without screenshots. */
function endRecord(record: TaskRecord, end: Pick<TaskView, 'status'> & Partial<Pick<TaskView, 'error' | 'finalAnswer'>>): void {
  Object.assign(record.view, end, { endedAt: Date.now(), notice: undefined, approval: undefined, takenOver: undefined });
  for (const entry of record.view.entries) {
    if (entry.kind === 'tool' && entry.status === 'running') {
      entry.status = 'stopped';
      entry.outcome ??= 'Stopped before it finished.';
    }
  }
  // A finished task is kept as a transcript; its screenshots live on as the timeline's thumbnails.
  record.loop.messages = withoutOldImages(record.loop.messages, 0, 0);
}

/** One audit entry for a tool call: what, where, who decided, and how it ended; never a password or typed text. */
function auditRecord(
  taskId: string,
  toolUse: BetaToolUseBlock,
  result: BetaToolResultBlockParam,
  decided: LiveTask['decisions'] extends Map<string, infer D> ? D | undefined : never,
): AuditRecord {
  const input = (toolUse.input ?? {}) as Record<string, unknown>;
  let summary = describeToolTarget(toolUse.name, input);
  if (toolUse.name === 'type') summary = `${typeof input.text === 'string' ? input.text.length : 0} characters`;
  if (decided?.password) summary = `${summary.split(' ← ')[0]} ← (password hidden)`;
  const text = resultText(result);
  const outcome: AuditRecord['outcome'] = !result.is_error ? 'ok' : text.startsWith(INTERRUPTED.slice(0, 20)) ? 'interrupted' : 'error';
  return {
    at: Date.now(),
    taskId,
    member: toolUse.name,
    summary,
    ...(decided?.url ? { url: decided.url } : {}),
    // A call answered without reaching the policy (skipped after a failure, or interrupted) counts as the policy's.
    decision: decided?.decision ?? 'allowed',
    decidedBy: decided?.decidedBy ?? 'policy',
    outcome,
    ...(result.is_error && text ? { detail: text.split('\n')[0]!.slice(0, 300) } : {}),
  };
}

/** Adds what the navigation guard stopped since the last results to Steward's note for the model. */
function withStoppedNavigations(live: LiveTask, review: 'continue' | 'stop' | { note: string }): 'continue' | 'stop' | { note: string } {
  if (review === 'stop' || live.stoppedNavigations.length === 0) return review;
  const notes = live.stoppedNavigations.splice(0);
  return { note: [...(typeof review === 'object' ? [review.note] : []), ...notes].join('\n') };
}

/**
 * A task's own budget (a routine's) applies within Settings' budgets, which carry the administrator's
 * ceilings: whichever limit is lower ends the task, and the message says where to change it.
 */
function budgetReason(record: TaskRecord, settings: Settings, own?: TaskRecord['budget']): string | undefined {
  const limit = (field: 'maxSteps' | 'maxMinutes' | 'maxCostUsd', label: string) =>
    own && own[field] < settings[field] ? { value: own[field], where: "the routine's budget" } : { value: settings[field], where: `Settings → ${label}` };
  const steps = limit('maxSteps', 'Max steps');
  if (record.loop.steps >= steps.value) return `The task reached its limit of ${steps.value} steps (${steps.where}).`;
  const minutes = limit('maxMinutes', 'Max minutes');
  if ((Date.now() - record.startedAt) / 60_000 >= minutes.value) return `The task reached its limit of ${minutes.value} minutes (${minutes.where}).`;
  const cost = limit('maxCostUsd', 'Max cost');
  if (record.usage.costUsd >= cost.value) {
    return `The task reached its cost limit of $${cost.value.toFixed(2)} (${cost.where}); it cost $${record.usage.costUsd.toFixed(2)}.`;
  }
  return undefined;
}

function clipOutcome(text: string, member: string): string {
  if (member === 'read_page' || member === 'get_page_text' || member === 'find') {
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
