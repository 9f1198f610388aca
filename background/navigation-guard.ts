import { blockedUrlReason, type UrlLists } from '../src/policy/urls';
import * as cdp from './driver/cdp';

/** What the guard needs from the task runner: whose tab it is, and a way to tell that task. */
export interface GuardedTasks {
  /** Whether a running task works in this tab. */
  ownsTab(tabId: number): boolean;
  /** Tells the task that owns the tab (its timeline, and the model with the next results) that a navigation was stopped. */
  reportStoppedNavigation(tabId: number, url: string, reason: string): void;
}

type Navigation = { tabId: number; frameId: number; url: string };

/** Documents a page makes for its own frames: never a place on the web a frame could be sent to. */
const INNER_DOCUMENT = /^(about|data|blob):/i;

/**
 * The policy checks every URL the model asks for; this checks the ones a page goes to by itself
 * (a link, a script setting location, a server redirect), in a running task's tabs and in their
 * frames (a frame sent to a blocked place is emptied). A top-level
 * navigation to a URL the policy would block is stopped as it starts (CDP Page.stopLoading on the
 * task's debugger session) and, if it committed anyway (a redirect, or a race), the tab goes back
 * (or to about:blank when there is nothing to go back to). Either way the task is told, once.
 *
 * `lists` gives the administrator's domain lists in force; it is read for every navigation, so a
 * change applies at once.
 */
/** Sends a tab back from where it should not be, or to about:blank when there is nothing to go back to. */
async function leave(tabId: number): Promise<void> {
  const back = await chrome.tabs.goBack(tabId).then(
    () => true,
    () => false,
  );
  if (!back) await chrome.tabs.update(tabId, { url: 'about:blank' }).catch(() => undefined);
}

export function navigationGuard(tasks: GuardedTasks, lists: () => Promise<UrlLists>) {
  /** Per tab, the blocked navigation already reported as it started: its commit, if it comes, is not reported again. */
  const reportedAtStart = new Map<number, string>();

  /**
   * Why this navigation must not happen, if it must not. `stoppedAtStart` is a navigation already
   * stopped as it started: its error or commit is dealt with even if the task has ended meanwhile
   * (a busy machine can deliver those events after the task's last step).
   */
  async function verdict(navigation: Navigation, stoppedAtStart = false): Promise<string | undefined> {
    if (!stoppedAtStart && !tasks.ownsTab(navigation.tabId)) return undefined;
    // Frames of ordinary pages load about:, data: and blob: documents all the time (ads, editors, previews);
    // a frame is held to the rules for where it may go on the web, and for the schemes no page may frame.
    if (navigation.frameId !== 0 && INNER_DOCUMENT.test(navigation.url)) return undefined;
    return blockedUrlReason(navigation.url, await lists().catch(() => ({})));
  }

  return {
    /** chrome.webNavigation.onBeforeNavigate: stop it before it loads. */
    async onBeforeNavigate(navigation: Navigation): Promise<void> {
      const reason = await verdict(navigation);
      if (!reason) return;
      reportedAtStart.set(navigation.tabId, navigation.url);
      tasks.reportStoppedNavigation(navigation.tabId, navigation.url, reason);
      // A frame's request to a blocked domain is refused by the network rules (network-guard.ts); the page itself is stopped here.
      if (navigation.frameId === 0 && cdp.isAttached(navigation.tabId)) await cdp.send(navigation.tabId, 'Page.stopLoading').catch(() => undefined);
    },
    /**
     * chrome.webNavigation.onErrorOccurred: the network rules (network-guard.ts) refused it, so the tab
     * shows Chrome's error page. The task is told, once, and the tab goes back to where it was.
     */
    async onErrorOccurred(navigation: Navigation): Promise<void> {
      const reported = reportedAtStart.get(navigation.tabId) === navigation.url;
      const reason = await verdict(navigation, reported);
      if (!reason) return;
      if (navigation.frameId === 0 || reported) reportedAtStart.delete(navigation.tabId);
      if (!reported) tasks.reportStoppedNavigation(navigation.tabId, navigation.url, reason);
      if (navigation.frameId !== 0) return;
      await leave(navigation.tabId);
    },
    /** chrome.webNavigation.onCommitted: it loaded anyway (a server redirect, or stopLoading came late): leave it. */
    async onCommitted(navigation: Navigation): Promise<void> {
      const reported = reportedAtStart.get(navigation.tabId) === navigation.url;
      if (navigation.frameId === 0 || reported) reportedAtStart.delete(navigation.tabId);
      const reason = await verdict(navigation, reported);
      if (!reason) return;
      if (!reported) tasks.reportStoppedNavigation(navigation.tabId, navigation.url, reason);
      if (navigation.frameId !== 0) {
        // A frame that loaded anyway is emptied, and the page around it stays.
        await chrome.scripting
          .executeScript({ target: { tabId: navigation.tabId, frameIds: [navigation.frameId] }, func: () => location.replace('about:blank') })
          .catch(() => undefined);
        return;
      }
      await leave(navigation.tabId);
    },
  };
}
