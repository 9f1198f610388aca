import browser from 'webextension-polyfill';
import type { Send } from './input';

/*
 * A task that must never take the user's focus (a routine's run) works in background tabs of its
 * window. On Linux, Chrome's ContentsWebView (chrome/browser/ui/views/frame/contents_web_view.cc)
 * focuses the web contents it shows whenever a mouse press or touch reaches it
 * (WebContentsObserver::DidGetUserInteraction), and focusing that contents activates its window:
 * a trusted click in the front tab of a window takes the focus, even for an instant. A tab that is
 * not the front tab is shown by no ContentsWebView, so nothing focuses it. DevTools focus emulation
 * (Emulation.setFocusEmulationEnabled) keeps such a tab visible and focused as far as its page can
 * tell, so input, screenshots and timers work there as in a front tab.
 */

/** Makes a background tab visible and focused for its page, without touching the window's focus. */
export async function emulateFocus(send: Send): Promise<void> {
  await send('Emulation.setFocusEmulationEnabled', { enabled: true });
}

/**
 * Leaves the tab out of the front of its window, so input to it cannot activate the window: when
 * it is the front tab of a window the user is not in, another tab of that window (one the task does
 * not own, or a blank one opened for it) comes to the front. Switching tabs in an unfocused window
 * does not focus it. A window the user has focused (to watch the run) is left as it is.
 */
export async function keepBehind(tab: chrome.tabs.Tab, owned: (tabId: number) => boolean): Promise<void> {
  if (!tab.active) return;
  if ((await browser.windows.get(tab.windowId)).focused) return;
  const others = await chrome.tabs.query({ windowId: tab.windowId });
  const cover = others.find((other) => other.id !== undefined && !owned(other.id)) ?? (await chrome.tabs.create({ windowId: tab.windowId, url: 'about:blank', active: false }));
  if (cover.id !== undefined) await chrome.tabs.update(cover.id, { active: true });
}
