import browser from 'webextension-polyfill';

/** Whether a browser window is still open: window ids do not survive a browser restart. */
export async function windowExists(windowId: number): Promise<boolean> {
  try {
    await browser.windows.get(windowId);
    return true;
  } catch {
    return false;
  }
}
