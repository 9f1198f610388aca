import { ToolError } from '@anthropic-ai/sdk/helpers/beta/toolsets';
import { delay } from '../../src/browser/context';
import type { NavigationResult, NavigationTarget } from '../../src/browser/driver';
import * as cdp from './cdp';
import { askContent } from './content-bridge';
import type { Send } from './input';

const NAVIGATION_TIMEOUT_MS = 30_000;

/** Navigates the tab through CDP and waits for its load event (or, within a document, its history entry). */
export async function navigateWithCdp(tabId: number, send: Send, target: NavigationTarget, signal?: AbortSignal): Promise<NavigationResult> {
  const loaded = (method: string): true | undefined => (method === 'Page.loadEventFired' ? true : undefined);
  if ('url' in target) {
    const outcome = await cdp.waitForEvent<string | true>(
      tabId,
      loaded,
      async () => {
        const result = await send<{ loaderId?: string; errorText?: string }>('Page.navigate', { url: target.url });
        if (result.errorText) return result.errorText;
        // No loader means a same-document navigation (a #fragment): no load event follows.
        return result.loaderId ? undefined : true;
      },
      NAVIGATION_TIMEOUT_MS,
      signal,
    );
    if (typeof outcome === 'string' && outcome !== 'net::ERR_ABORTED') throw new ToolError(`Could not load ${target.url}: ${outcome}.`);
  } else if (target.history === 'reload') {
    await cdp.waitForEvent(tabId, loaded, () => send('Page.reload').then(() => undefined), NAVIGATION_TIMEOUT_MS, signal);
  } else {
    const history = await send<{ currentIndex: number; entries: Array<{ id: number }> }>('Page.getNavigationHistory');
    const entry = history.entries[history.currentIndex + (target.history === 'back' ? -1 : 1)];
    if (!entry) throw new ToolError(`There is no page to go ${target.history} to.`);
    await cdp.waitForEvent(
      tabId,
      (method) => (method === 'Page.loadEventFired' || method === 'Page.navigatedWithinDocument' ? true : undefined),
      () => send('Page.navigateToHistoryEntry', { entryId: entry.id }).then(() => undefined),
      NAVIGATION_TIMEOUT_MS,
      signal,
    );
  }
  return pageResult(tabId);
}

/** A restricted page (chrome://newtab, say) takes no debugger, but the tabs API can still leave it. */
export async function navigateWithTabsApi(tabId: number, target: NavigationTarget, signal?: AbortSignal): Promise<NavigationResult> {
  let listener: ((id: number, change: chrome.tabs.OnUpdatedInfo) => void) | undefined;
  const done = new Promise<void>((resolve) => {
    listener = (id, change) => {
      if (id === tabId && change.status === 'complete') resolve();
    };
    chrome.tabs.onUpdated.addListener(listener);
  });
  try {
    if ('url' in target) await chrome.tabs.update(tabId, { url: target.url });
    else if (target.history === 'back') await chrome.tabs.goBack(tabId);
    else if (target.history === 'forward') await chrome.tabs.goForward(tabId);
    else await chrome.tabs.reload(tabId);
    await Promise.race([done, delay(NAVIGATION_TIMEOUT_MS, signal)]);
  } finally {
    if (listener) chrome.tabs.onUpdated.removeListener(listener);
  }
  return pageResult(tabId);
}

async function pageResult(tabId: number): Promise<NavigationResult> {
  try {
    const info = await askContent(tabId, { type: 'pageInfo' });
    return { url: info.url, title: info.title, status: info.status };
  } catch {
    const tab = await chrome.tabs.get(tabId);
    return { url: tab.url ?? '', title: tab.title ?? '' };
  }
}

/** The events of a tab's debugger session that say its page moved on. */
const PAGE_MOVED = new Set(['Page.frameNavigated', 'Page.domContentEventFired', 'Page.loadEventFired']);

/** Driver.watchPage: `changed` resolves at the top frame's next commit, DOMContentLoaded or load. */
export function watchPage(tabId: number): { changed: Promise<void>; stop(): void } {
  let stop = () => {};
  const changed = new Promise<void>((resolve) => {
    stop = cdp.listen(tabId, (method, params) => {
      const topFrame = method !== 'Page.frameNavigated' || (params.frame as { parentId?: string } | undefined)?.parentId === undefined;
      if (topFrame && PAGE_MOVED.has(method)) resolve();
    });
  });
  return { changed, stop };
}
