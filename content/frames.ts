import { PageError } from './refs';
import { describeElement } from './semantics';
import { intersect, viewportRect, visibleRect } from './visibility';
import { STALE_REFS } from '../src/browser/stale-refs';

/**
 * Chrome gives content scripts no way to map an <iframe> to the frame id the extension APIs use
 * (Firefox's runtime.getFrameId does not exist here). So the parent gives each iframe a random
 * token and posts it into the frame; the child's content script announces the token to the
 * background, which learns the child's frame id from the sender. Page scripts never see a token
 * they could replay elsewhere: only the child window receives it, from its own parent.
 */
export const FRAME_TOKEN_MESSAGE = 'steward:frame-token';
const tokens = new WeakMap<Element, string>();
const elementsByToken = new Map<string, WeakRef<HTMLIFrameElement | HTMLFrameElement>>();

/** A version 4 UUID. crypto.randomUUID exists only in secure contexts: a plain http:// page has getRandomValues alone. */
function randomUuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function frameToken(element: HTMLIFrameElement | HTMLFrameElement): string | undefined {
  let token = tokens.get(element);
  if (!token) {
    token = randomUuid();
    tokens.set(element, token);
    elementsByToken.set(token, new WeakRef(element));
  }
  const child = element.contentWindow;
  if (!child) return undefined;
  child.postMessage({ type: FRAME_TOKEN_MESSAGE, token }, '*');
  return token;
}

export const FRAME_HELLO_MESSAGE = 'steward:frame-hello';

/**
 * Both sides of the handshake. As a child: a token from this frame's own parent is announced to
 * the background, and a child that starts after its parent was read asks the parent for its token.
 * As a parent: such a request is answered for the iframe it came from, if it was given a token.
 */
export function listenForFrameToken(): void {
  window.addEventListener('message', (event) => {
    // A page can dispatch a MessageEvent of its own making, with any `source`: only the browser's count.
    if (!event.isTrusted) return;
    const data = event.data as { type?: unknown; token?: unknown } | null;
    if (data?.type === FRAME_TOKEN_MESSAGE && event.source === window.parent && window.parent !== window && typeof data.token === 'string') {
      void chrome.runtime.sendMessage({ type: 'frame.token', token: data.token }).catch(() => undefined);
    } else if (data?.type === FRAME_HELLO_MESSAGE && event.source) {
      for (const [token, ref] of elementsByToken) {
        const element = ref.deref();
        if (element?.contentWindow === event.source) element.contentWindow.postMessage({ type: FRAME_TOKEN_MESSAGE, token }, '*');
      }
    }
  });
  if (window.parent !== window) window.parent.postMessage({ type: FRAME_HELLO_MESSAGE }, '*');
}

function findFrameElement(token: string): HTMLIFrameElement | HTMLFrameElement {
  const element = elementsByToken.get(token)?.deref();
  if (!element?.isConnected) throw new PageError(STALE_REFS.frameRemoved);
  return element;
}

/**
 * The frame's content box in this frame's viewport (where the child viewport's (0, 0) lands here),
 * and, for a point in the child's viewport, whether the frame is what a click there would hit.
 */
export function frameRect(token: string, scrollIntoView: boolean, point?: { x: number; y: number }) {
  const element = findFrameElement(token);
  if (scrollIntoView && !intersect(element.getBoundingClientRect(), viewportRect())) {
    element.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
  }
  const box = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  const left = box.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
  const top = box.top + parseFloat(style.borderTopWidth) + parseFloat(style.paddingTop);
  let onTop = true;
  if (point) {
    const hit = document.elementFromPoint(left + point.x, top + point.y);
    onTop = hit === element;
    if (!onTop && hit) return { x: left, y: top, width: box.width, height: box.height, onTop, description: describeElement(hit) };
  }
  return { x: left, y: top, width: box.width, height: box.height, onTop, description: visibleRect(element) ? describeElement(element) : 'hidden frame' };
}
