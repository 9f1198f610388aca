import { ToolError } from '@anthropic-ai/sdk/helpers/beta/toolsets';
import type { Driver } from './driver';

/** What every member runs against: the driver, the tab it acts on, and the task's abort signal. */
export interface MemberContext {
  driver: Driver;
  tabId: number;
  signal?: AbortSignal | undefined;
}

/** The tab a call names, checked to belong to the task, or the task's current tab. */
export async function resolveTab(driver: Driver, tabId: string | null | undefined): Promise<number> {
  if (tabId != null) {
    const id = Number(tabId);
    const tabs = await driver.tabs();
    if (!tabs.some((tab) => tab.id === id)) {
      throw new ToolError(`There is no tab ${tabId} in this task. Call list_tabs to see the task's tabs.`);
    }
    return id;
  }
  const current = await driver.currentTab();
  if (current === undefined) throw new ToolError('The task has no open tab. Call new_tab to open one.');
  return current;
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
