import type { BetaToolUseBlock } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { StewardBrowserToolset } from '../src/browser/toolset';
import * as cdp from './driver/cdp';
import { ChromeDriver, type TaskTabs } from './driver/chrome-driver';
import type { RoutineRun } from '../src/store/routines';
import { ROUTINE_ALARM_PREFIX, type RoutineLimits, type RoutineRunner, WAIT_ALARM_PREFIX } from './routine-runner';
import type { TaskRunner } from './task-runner';
import { setDiagnosticUrlLists } from './admin-policy';
import { handleContextMenuClick } from './context-menu';
import type { UrlLists } from '../src/policy/urls';

/**
 * Diagnostics on the worker's global scope, for benchmarks and bug reports: run one toolset member
 * against a tab outside any task. Only the extension itself and DevTools can reach this scope.
 */
export interface StewardDebug {
  runMember(tabId: number, name: string, input: Record<string, unknown>): Promise<{ isError: boolean; content: unknown }>;
  /** The raw capture that screenshot builds on, for comparison. */
  captureVisibleTab(windowId: number): Promise<string>;
  /** Whether Steward's own debugger session is attached to a tab (puppeteer's do not count). */
  debuggerAttached(tabId: number): boolean;
  /** Holds the running task after its next action, before the result is recorded (tests stop the worker there). */
  /** Holds the next action (or the next of this member) after it ran and before its result is recorded, until the worker stops. */
  holdNextActionBeforeRecording(member?: string): void;
  /** Stands in for the administrator's domain lists (managed policy) that the navigation guard enforces. */
  setUrlLists(lists: UrlLists | undefined): void;
  /** Fires a routine's alarm now, as if its scheduled time had come (tests cannot wait for the clock). */
  fireRoutineAlarm(routineId: string): Promise<number>;
  /** Ends a run's wait for an approval now, as if the wait limit had passed. */
  expireRoutineWait(runId: string): Promise<void>;
  routineRuns(routineId: string): Promise<RoutineRun[]>;
  setRoutineLimits(limits: Partial<RoutineLimits>): void;
  /** The limits the next run is held to: the settings, within the administrator's ceilings, under any set above. */
  routineLimits(): Promise<RoutineLimits>;
  /** What a click on one of Steward's context menu items does (headless Chromium has no menu to click). */
  contextMenuClick(info: chrome.contextMenus.OnClickData, tab: chrome.tabs.Tab): Promise<void>;
}

let sequence = 0;

export function installDebug(scope: { __stewardDebug?: StewardDebug }, runner: TaskRunner, routines: RoutineRunner): void {
  const tabsByTab = new Map<number, TaskTabs>();
  const drivers = new Map<number, ChromeDriver>();
  scope.__stewardDebug = {
    async runMember(tabId, name, input) {
      const tab = await chrome.tabs.get(tabId);
      let tabs = tabsByTab.get(tabId);
      if (!tabs) tabsByTab.set(tabId, (tabs = { windowId: tab.windowId, tabIds: [tabId], currentTabId: tabId, nextRef: {} }));
      let driver = drivers.get(tabId);
      if (!driver) drivers.set(tabId, (driver = new ChromeDriver('other', tabs, async () => {}, { devtoolsLog: true })));
      // Diagnostics run every member: nothing here is reachable by a page or a model.
      const toolset = new StewardBrowserToolset(driver, { confirm: () => true, optional: { devtools: true, javascript: true, uploadFolder: '/tmp' } });
      const toolUse = { type: 'tool_use', id: `toolu_debug_${++sequence}`, name, input, toolset_name: 'browser' } as BetaToolUseBlock;
      const result = await toolset.toolResult(toolUse);
      return { isError: result.is_error === true, content: result.content };
    },
    debuggerAttached: (tabId) => cdp.isAttached(tabId),
    captureVisibleTab: (windowId) => chrome.tabs.captureVisibleTab(windowId, { format: 'jpeg', quality: 80 }),
    setUrlLists: setDiagnosticUrlLists,
    holdNextActionBeforeRecording(member) {
      runner.probes.holdBeforeRecording = (toolUse) => {
        if (member !== undefined && toolUse.name !== member) return Promise.resolve();
        runner.probes.holdBeforeRecording = undefined;
        return new Promise<void>(() => {});
      };
    },
    async fireRoutineAlarm(routineId) {
      const name = `${ROUTINE_ALARM_PREFIX}${routineId}`;
      const alarm = await chrome.alarms.get(name);
      if (!alarm) throw new Error(`Routine ${routineId} has no alarm (paused, deleted, or nothing left to run).`);
      await routines.onAlarm(name, alarm.scheduledTime);
      return alarm.scheduledTime;
    },
    expireRoutineWait: (runId) => routines.onAlarm(`${WAIT_ALARM_PREFIX}${runId}`),
    routineRuns: (routineId) => routines.runs(routineId),
    setRoutineLimits(limits) {
      Object.assign(routines.limits, limits);
    },
    routineLimits: () => routines.currentLimits(),
    contextMenuClick: handleContextMenuClick,
  };
}
