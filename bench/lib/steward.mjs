// Driving Steward from Node: Chromium with the built extension, and its service worker's debug hook
// (background/debug.ts), which runs one toolset member against a tab outside any task.
import puppeteer from 'puppeteer';
import { sleep, timed, withTimeout } from './stats.mjs';

export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const CALL_TIMEOUT_MS = 90_000;

/**
 * A Steward result that says the member is switched off, rather than that it failed: the SDK's refusals
 * for a member disabled in `configs` (DisabledMemberError), one the toolset lacks (UnavailableMemberError,
 * UnknownMemberError), and plain "not implemented". Kept specific, so that an element that "is disabled"
 * still counts as a failure.
 */
export const NOT_IMPLEMENTED =
  /is not permitted by this application's permissions|toolset member '[^']+' is not available|unknown \w+ toolset member|not (yet )?implemented|member is disabled/i;

export async function launchSteward(dist) {
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, pipe: true, enableExtensions: true, args: CHROMIUM_ARGS });
  try {
    const id = await browser.installExtension(dist);
    const target = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${id}/`), { timeout: 30_000 });
    const worker = await target.worker();
    if (!worker) throw new Error('Steward has no service worker');
    // The hook is installed as the worker starts; wait until it is there (and chrome.* is bound).
    for (let attempt = 0; ; attempt++) {
      const ready = await evaluate(worker, () => typeof globalThis.__stewardDebug?.runMember === 'function');
      if (ready) break;
      if (attempt > 100) throw new Error('globalThis.__stewardDebug never appeared in the worker (is background/debug.ts installed?)');
      await sleep(100);
    }
    const [page] = await browser.pages();
    return { browser, worker, page: page ?? (await browser.newPage()) };
  } catch (error) {
    await browser.close().catch(() => undefined);
    throw error;
  }
}

/**
 * worker.evaluate, retried while the worker's context lacks chrome.* or timers: right after install the
 * first context can exist before they are bound, and the call fails with "... is not defined".
 */
export async function evaluate(worker, fn, ...args) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await withTimeout(worker.evaluate(fn, ...args), CALL_TIMEOUT_MS, 'worker.evaluate');
    } catch (error) {
      if (!/is not defined/.test(String(error)) || attempt >= 50) throw error;
      await sleep(100);
    }
  }
}

/** Chrome's tab and window ids for the tab showing `url`: puppeteer pages do not expose them. */
export async function tabFor(worker, url) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const tab = await evaluate(worker, async (wanted) => {
      const tabs = await chrome.tabs.query({});
      const found = tabs.find((t) => t.url === wanted) ?? tabs.find((t) => t.url?.startsWith(wanted));
      return found ? { tabId: found.id, windowId: found.windowId } : null;
    }, url);
    if (tab) return tab;
    await sleep(100);
  }
  throw new Error(`No Chrome tab shows ${url}`);
}

/**
 * Runs a member through the debug hook. `ms` is the time inside the worker (performance.now around the
 * call, excluding CDP and serialisation); `wallMs` is the same call timed from Node. Image data stays in
 * the worker apart from its length and first bytes, so transferring megabytes of base64 is not timed.
 */
export async function runMember(worker, tabId, name, input) {
  const { ms: wallMs, value } = await timed(() =>
    evaluate(
      worker,
      async (tabId, name, input) => {
        const start = performance.now();
        const result = await globalThis.__stewardDebug.runMember(tabId, name, input);
        const ms = performance.now() - start;
        const blocks = Array.isArray(result.content) ? result.content : [{ type: 'text', text: String(result.content) }];
        const content = blocks.map((block) =>
          block?.type === 'image' ? { type: 'image', media_type: block.source?.media_type, length: block.source?.data?.length ?? 0, head: block.source?.data?.slice(0, 8000) ?? '' } : block,
        );
        return { ms, isError: result.isError, content };
      },
      tabId,
      name,
      input,
    ),
  );
  const texts = value.content.filter((block) => block?.type === 'text').map((block) => block.text);
  return { ...value, wallMs, text: texts.join('\n'), images: value.content.filter((block) => block?.type === 'image') };
}

/** chrome.tabs.captureVisibleTab through the hook, timed the same two ways as runMember. */
export async function captureVisibleTab(worker, windowId) {
  const { ms: wallMs, value } = await timed(() =>
    evaluate(
      worker,
      async (windowId) => {
        const start = performance.now();
        const dataUrl = await globalThis.__stewardDebug.captureVisibleTab(windowId);
        const ms = performance.now() - start;
        const data = dataUrl.slice(dataUrl.indexOf(',') + 1);
        return { ms, length: data.length, head: data.slice(0, 8000) };
      },
      windowId,
    ),
  );
  return { ...value, wallMs };
}

/** Whether a failed result means "switched off for now" (a row reads n/a) rather than a real failure. */
export function notImplemented(result) {
  return result.isError && NOT_IMPLEMENTED.test(result.text);
}

/** Width and height of a JPEG from the start of its base64 data (its SOF marker comes early). */
export function jpegSize(base64Head) {
  const bytes = Buffer.from(base64Head.slice(0, base64Head.length - (base64Head.length % 4)), 'base64');
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1];
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { width: bytes.readUInt16BE(offset + 7), height: bytes.readUInt16BE(offset + 5) };
    }
    offset += 2 + bytes.readUInt16BE(offset + 2);
  }
  return null;
}
