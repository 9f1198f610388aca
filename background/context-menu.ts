import { contextPrompt, pendingPromptKey } from '../src/protocol/pending-prompt';

/** "Ask Steward about this page" / "... about the selection": the page's context menu opens the panel with a prompt ready. */
const MENU_PAGE = 'steward-ask-page';
const MENU_SELECTION = 'steward-ask-selection';

/** Chrome keeps context menu items across worker restarts; they are made once, when Steward is installed or updated. */
export function createContextMenus(): void {
  chrome.contextMenus.removeAll(() => {
    chrome.contextMenus.create({ id: MENU_PAGE, title: chrome.i18n.getMessage('menu_ask_page'), contexts: ['page'] });
    chrome.contextMenus.create({ id: MENU_SELECTION, title: chrome.i18n.getMessage('menu_ask_selection'), contexts: ['selection'] });
  });
}

/**
 * Opens the side panel of the tab's window and leaves the prompt for it. sidePanel.open needs the
 * user's gesture, which lasts only until the first await: it is called before anything else.
 */
export async function handleContextMenuClick(info: chrome.contextMenus.OnClickData, tab: chrome.tabs.Tab | undefined): Promise<void> {
  if (info.menuItemId !== MENU_PAGE && info.menuItemId !== MENU_SELECTION) return;
  if (tab?.windowId === undefined) return;
  const opened = chrome.sidePanel.open({ windowId: tab.windowId });
  const text = contextPrompt({
    title: tab.title,
    url: info.pageUrl ?? tab.url,
    selection: info.menuItemId === MENU_SELECTION ? info.selectionText : undefined,
  });
  await chrome.storage.session.set({ [pendingPromptKey(tab.windowId)]: { text, at: Date.now() } });
  await opened;
}
