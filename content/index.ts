import { contentRequestSchema } from '../src/protocol/content';
import { errorReply, okReply } from '../src/protocol/envelope';
import { describe, formInput, locate, markForUpload, pageInfo, pageText, scrollTo } from './actions';
import { findCandidates } from './find';
import { frameRect, listenForFrameToken } from './frames';
import { snapshot } from './snapshot';

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
  const request = parsed.data;
  try {
    switch (request.type) {
      case 'snapshot':
        sendResponse(okReply(snapshot(request)));
        break;
      case 'pageText':
        sendResponse(okReply(pageText(request.maxChars)));
        break;
      case 'locate':
        sendResponse(okReply(locate(request.ref)));
        break;
      case 'formInput':
        sendResponse(okReply(formInput(request.ref, request.value)));
        break;
      case 'pageInfo':
        sendResponse(okReply(pageInfo()));
        break;
      case 'findCandidates':
        sendResponse(okReply(findCandidates(request.nextRef, request.limit)));
        break;
      case 'scrollTo':
        sendResponse(okReply(scrollTo(request.ref)));
        break;
      case 'describe':
        sendResponse(okReply(describe(request.ref)));
        break;
      case 'markForUpload':
        sendResponse(okReply(markForUpload(request.ref, request.token)));
        break;
      case 'frameRect':
        sendResponse(okReply(frameRect(request.token, request.scrollIntoView, request.point)));
        break;
    }
  } catch (error) {
    sendResponse(errorReply(error));
  }
  return false;
});

listenForFrameToken();

// Tell a waiting injector (background/content-bridge.ts) that the listener is in place.
const world = globalThis as { __stewardReady?: boolean; __stewardReadyWaiters?: Array<(ready: boolean) => void> };
world.__stewardReady = true;
for (const resolve of world.__stewardReadyWaiters?.splice(0) ?? []) resolve(true);
