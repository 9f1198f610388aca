import type { BetaBrowserStateTabEntry } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { resolveTab } from './context';
import type { Driver, TabSummary } from './driver';
import type { MemberInput } from './inputs';

export function tabEntry(tab: TabSummary, active: boolean): BetaBrowserStateTabEntry {
  return { tab_id: String(tab.id), title: tab.title, url: tab.url, ...(active ? { active: true } : {}) };
}

/** The task's tabs with the current one marked, as browser_state and list_tabs report them. */
export async function tabInventory(driver: Driver): Promise<BetaBrowserStateTabEntry[]> {
  const [tabs, current] = await Promise.all([driver.tabs(), driver.currentTab()]);
  const activeId = tabs.some((tab) => tab.id === current) ? current : tabs[0]?.id;
  return tabs.map((tab) => tabEntry(tab, tab.id === activeId));
}

export async function listTabs(driver: Driver): Promise<BetaBrowserStateTabEntry[]> {
  return tabInventory(driver);
}

export async function newTab(driver: Driver, signal?: AbortSignal): Promise<BetaBrowserStateTabEntry> {
  return tabEntry(await driver.createTab(signal), true);
}

export async function switchTab(driver: Driver, input: MemberInput<'switch_tab'>): Promise<BetaBrowserStateTabEntry> {
  return tabEntry(await driver.activateTab(await resolveTab(driver, input.tab_id)), true);
}

export async function closeTab(driver: Driver, input: MemberInput<'close_tab'>): Promise<void> {
  await driver.closeTab(await resolveTab(driver, input.tab_id));
}
