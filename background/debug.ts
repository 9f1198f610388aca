import type { BetaToolUseBlock } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { StewardBrowserToolset } from '../src/browser/toolset';
import * as cdp from './driver/cdp';
import { ChromeDriver, type TaskTabs } from './driver/chrome-driver';
import type { TaskRunner } from './task-runner';
import { setDiagnosticUrlLists } from './url-lists';
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
  holdNextActionBeforeRecording(): void;
  /** Stands in for the administrator's domain lists (managed policy) that the navigation guard enforces. */
  setUrlLists(lists: UrlLists | undefined): void;
}

let sequence = 0;

export function installDebug(scope: { __stewardDebug?: StewardDebug }, runner: TaskRunner): void {
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
    holdNextActionBeforeRecording() {
      runner.probes.holdBeforeRecording = () => {
        runner.probes.holdBeforeRecording = undefined;
        return new Promise<void>(() => {});
      };
    },
  };
}
