import { ToolError } from '@anthropic-ai/sdk/helpers/beta/toolsets';
import { type ContentReply, type ContentRequest, contentReplySchemas, PAGE_ERROR } from '../../src/protocol/content';
import { RemoteError, unwrapReply } from '../../src/protocol/envelope';
import { STALE_REFS } from '../../src/browser/stale-refs';

const MISSING_RECEIVER = /receiving end does not exist|could not establish connection/i;

/** The content script's files as the build named them, to inject where it has not run yet. */
function contentScriptFiles(): string[] {
  return chrome.runtime.getManifest().content_scripts?.[0]?.js ?? [];
}

/**
 * Injects the content script and waits until its listener is registered. The declared script is
 * one classic script (the build makes it an IIFE, so nothing of Steward is web-accessible), which
 * sets its ready flag in the extension's isolated world as it runs; the wait on that flag is kept
 * as a check that the script did start.
 */
async function inject(tabId: number, frameId: number): Promise<void> {
  try {
    await chrome.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: contentScriptFiles() });
    const [ready] = await chrome.scripting.executeScript({
      target: { tabId, frameIds: [frameId] },
      func: (timeoutMs: number) =>
        new Promise<boolean>((resolve) => {
          const world = globalThis as { __stewardReady?: boolean; __stewardReadyWaiters?: Array<(ready: boolean) => void> };
          if (world.__stewardReady) return resolve(true);
          (world.__stewardReadyWaiters ??= []).push(resolve);
          setTimeout(() => resolve(false), timeoutMs);
        }),
      args: [5_000],
    });
    if (ready?.result !== true) throw new Error('the content script did not start');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ToolError(`Steward cannot read this page (${message}). Chrome restricts extensions on browser pages, the Web Store and PDFs; navigate to a web page.`);
  }
}

/**
 * Asks the content script of one frame of the tab (the top frame unless told), injecting it first
 * where the page predates it (tabs open before install, a page still loading). A PageError from
 * the page reaches the model as is.
 */
export async function askContent<T extends ContentRequest['type']>(
  tabId: number,
  request: Extract<ContentRequest, { type: T }>,
  frameId = 0,
): Promise<ContentReply<T>> {
  const schema: import('zod').ZodType<ContentReply<T>> = contentReplySchemas[request.type];
  let raw: unknown;
  try {
    raw = await chrome.tabs.sendMessage(tabId, request, { frameId });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/no tab with/i.test(message)) throw new ToolError('That tab is closed. Call list_tabs to see the open ones.');
    if (/no frame with/i.test(message)) throw new ToolError(STALE_REFS.frameGone);
    if (!MISSING_RECEIVER.test(message)) throw new ToolError(`The page did not answer: ${message}`);
    await inject(tabId, frameId);
    raw = await chrome.tabs.sendMessage(tabId, request, { frameId }).catch((retryError: unknown) => {
      throw new ToolError(`The page did not answer: ${retryError instanceof Error ? retryError.message : String(retryError)}`);
    });
  }
  if (raw === undefined) throw new ToolError('The page navigated away before it answered. Read the page again.');
  try {
    return unwrapReply(raw, schema);
  } catch (error) {
    if (error instanceof RemoteError && error.name === PAGE_ERROR) throw new ToolError(error.message);
    throw new ToolError(`The page could not do that: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Injects the content script into every frame of the tab; frames that already run it are unchanged. */
export async function injectAllFrames(tabId: number): Promise<void> {
  await chrome.scripting.executeScript({ target: { tabId, allFrames: true }, files: contentScriptFiles() }).catch(() => undefined);
}
