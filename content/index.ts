import { contentRequestSchema } from '../src/protocol/content';
import { errorReply, okReply } from '../src/protocol/envelope';
import { watchForAppearingLists } from './appeared';
import { describe, formInput, locate, markForUpload, pageInfo, pageText, scrollTo } from './actions';
import { findCandidates } from './find';
import { describeFocused } from './focused';
import { frameRect, listenForFrameToken } from './frames';
import { snapshot } from './snapshot';

type Request = ReturnType<typeof contentRequestSchema.parse>;

/** One answer per request type: the protocol map, in one place. */
const handlers: { [T in Request['type']]: (request: Extract<Request, { type: T }>) => unknown } = {
  snapshot: (request) => snapshot(request),
  findCandidates: (request) => findCandidates(request.nextRef, request.limit, request.dialogs === true),
  pageText: (request) => pageText(request.maxChars),
  locate: (request) => locate(request.ref),
  scrollTo: (request) => scrollTo(request.ref),
  describe: (request) => describe(request.ref),
  markForUpload: (request) => markForUpload(request.ref, request.token),
  frameRect: (request) => frameRect(request.token, request.scrollIntoView, request.point),
  formInput: (request) => formInput(request.ref, request.value),
  pageInfo: () => pageInfo(),
  focused: () => describeFocused(),
};

function answer<T extends Request['type']>(request: Extract<Request, { type: T }>): unknown {
  return (handlers[request.type] as (request: Extract<Request, { type: T }>) => unknown)(request);
}

/**
 * The content script answers only Steward's own service worker: a message from anywhere else
 * (a page, another extension, another tab) gets no answer at all.
 */
chrome.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
  if (sender.id !== chrome.runtime.id || sender.tab !== undefined) return false;
  const parsed = contentRequestSchema.safeParse(message);
  if (!parsed.success) {
    sendResponse(errorReply(new Error(`Steward's content script did not understand the request: ${parsed.error.issues[0]?.message ?? ''}`)));
    return false;
  }
  try {
    sendResponse(okReply(answer(parsed.data)));
  } catch (error) {
    sendResponse(errorReply(error));
  }
  return false;
});

listenForFrameToken();
watchForAppearingLists();

// Tell a waiting injector (background/content-bridge.ts) that the listener is in place.
const world = globalThis as { __stewardReady?: boolean; __stewardReadyWaiters?: Array<(ready: boolean) => void> };
world.__stewardReady = true;
for (const resolve of world.__stewardReadyWaiters?.splice(0) ?? []) resolve(true);
