import type { Page, Target } from 'puppeteer';
import { expect, it } from 'vitest';
import { evaluateInWorker, type Steward, useConfiguredSteward } from './harness';

let steward: Steward;
useConfiguredSteward((launched) => (steward = launched), '/signup.html');

const isPanel = (target: Target) => target.url().startsWith(`chrome-extension://${steward.extensionId}/sidepanel/index.html`);

/** The tab showing `url`, as the worker sees it (what contextMenus.onClicked receives). */
async function tabShowing(url: string): Promise<chrome.tabs.Tab> {
  const tabs = (await evaluateInWorker(steward, `chrome.tabs.query({ url: ${JSON.stringify(url)} })`)) as chrome.tabs.Tab[];
  if (!tabs[0]) throw new Error(`No tab shows ${url}`);
  return tabs[0];
}

/**
 * Clicks one of Steward's items in the page's context menu: runs the worker's onClicked handler.
 * Headless Chromium has no menu to click, and a CDP evaluation is no user gesture to Chrome's
 * extension APIs, so sidePanel.open refuses here what it does on a real click; the answer is that
 * refusal (proof the handler asked to open the panel), or '' when the panel opened.
 */
async function clickMenuItem(menuItemId: string, tab: chrome.tabs.Tab, selectionText?: string): Promise<string> {
  const info = { menuItemId, pageUrl: tab.url, editable: false, ...(selectionText ? { selectionText } : {}) };
  const expression = `__stewardDebug.contextMenuClick(${JSON.stringify(info)}, ${JSON.stringify(tab)}).then(() => '', (error) => String(error.message))`;
  return (await evaluateInWorker(steward, expression, { userGesture: true })) as string;
}

async function promptBox(panel: Page, expected: string): Promise<string> {
  const handle = await panel.waitForFunction(
    (text) => {
      const box = document.querySelector<HTMLTextAreaElement>('#task-input');
      return box?.value === text ? box.value : false;
    },
    { timeout: 10_000 },
    expected,
  );
  return (await handle.jsonValue()) as string;
}

async function pendingPrompts(): Promise<string[]> {
  return Object.keys((await evaluateInWorker(steward, 'chrome.storage.session.get(null)')) as Record<string, unknown>).filter((key) => key.startsWith('pendingPrompt:'));
}

it('"Ask Steward about the selection" puts the selected text, quoted, in the prompt box of the open panel', async () => {
  const tab = await tabShowing(steward.page.url());
  await clickMenuItem('steward-ask-selection', tab, 'Choose the Pro plan');
  const expected = `About this selection (from ${steward.page.url()}):\n"Choose the Pro plan"\n\n`;
  expect(await promptBox(steward.panel, expected)).toBe(expected);
  // The prompt is taken once: nothing is left to fill the box again.
  await expect.poll(pendingPrompts).toEqual([]);
});

it('"Ask Steward about this page" asks to open the panel of a window that had none; the panel then opens with the page named in its prompt box', async () => {
  const url = `${steward.fixtures.url}/signup.html?window=2`;
  const before = new Set(steward.browser.targets().filter(isPanel));
  const opened = steward.browser.waitForTarget((target) => isPanel(target) && !before.has(target), { timeout: 15_000 });
  const window = (await evaluateInWorker(steward, `chrome.windows.create({ url: ${JSON.stringify(url)}, focused: true })`)) as { id: number };
  const page = await (await steward.browser.waitForTarget((target) => target.url() === url)).asPage();
  await page.waitForFunction(() => document.readyState === 'complete');
  const tab = await tabShowing(url);
  expect(tab.windowId).toBe(window.id);

  const refusal = await clickMenuItem('steward-ask-page', tab);
  // Without a real click's gesture Chrome refuses to open the panel; a person's click opens it. The
  // toolbar button stands in for that click here: the panel opening after the menu finds the prompt.
  if (refusal) {
    expect(refusal).toMatch(/sidePanel\.open\(\)` may only be called in response to a user gesture/);
    await page.bringToFront();
    await steward.browser.extensions().then((extensions) => extensions.get(steward.extensionId)!.triggerAction(page));
  }
  const panel = await (await opened).asPage();
  const expected = `About this page (Sign up for the newsletter, ${url}): `;
  expect(await promptBox(panel, expected)).toBe(expected);
  // The first panel's prompt box is not touched by another window's menu.
  expect(await steward.panel.$eval('#task-input', (box) => (box as HTMLTextAreaElement).value)).not.toContain('window=2');
  await evaluateInWorker(steward, `chrome.windows.remove(${window.id})`);
});
