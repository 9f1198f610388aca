import { ToolError } from '@anthropic-ai/sdk/helpers/beta/toolsets';

/**
 * chrome.debugger sessions, one per tab, attached on first use. Chrome allows one extension
 * session per tab, so attach state is tracked here, and a detach (the user closed the infobar,
 * the tab went away) is noticed through onDetach.
 */
const attached = new Map<number, Promise<void>>();
type EventListener = (method: string, params: Record<string, unknown>) => void;
const listeners = new Map<number, Set<EventListener>>();
const detachHandlers = new Set<(tabId: number, reason: string) => void>();

export const CDP_VERSION = '1.3';

/** Wired at the worker's top level: chrome.debugger.onEvent. */
export function handleDebuggerEvent(source: chrome.debugger.Debuggee, method: string, params?: object): void {
  if (source.tabId === undefined) return;
  for (const listener of listeners.get(source.tabId) ?? []) listener(method, (params ?? {}) as Record<string, unknown>);
}

/** Wired at the worker's top level: chrome.debugger.onDetach. */
export function handleDebuggerDetach(source: chrome.debugger.Debuggee, reason: string): void {
  if (source.tabId === undefined) return;
  attached.delete(source.tabId);
  for (const handler of detachHandlers) handler(source.tabId, reason);
}

export function onDetach(handler: (tabId: number, reason: string) => void): () => void {
  detachHandlers.add(handler);
  return () => detachHandlers.delete(handler);
}

export function listen(tabId: number, listener: EventListener): () => void {
  let set = listeners.get(tabId);
  if (!set) listeners.set(tabId, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

async function attach(tabId: number): Promise<void> {
  try {
    await chrome.debugger.attach({ tabId }, CDP_VERSION);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/already attached/i.test(message)) {
      // A worker that Chrome restarted can find its own session still attached. Only the extension
      // that attached may detach, so a detach that works proves the session was Steward's.
      const ours = await chrome.debugger.detach({ tabId }).then(() => true, () => false);
      if (ours) {
        await chrome.debugger.attach({ tabId }, CDP_VERSION);
        await chrome.debugger.sendCommand({ tabId }, 'Page.enable');
        return;
      }
      throw new ToolError('Another debugger (such as DevTools) is attached to this tab. Close it so Steward can act here.');
    }
    if (/cannot access|cannot attach|chrome:\/\/|extensions gallery|restricted/i.test(message)) {
      throw new ToolError('This page is restricted: Chrome lets no extension act on it. Navigate to a web page first.');
    }
    if (/no tab with/i.test(message)) throw new ToolError('That tab is closed. Call list_tabs to see the open ones.');
    throw new ToolError(`Could not attach to the tab: ${message}`);
  }
  // Dialogs would block input events until someone answers them: they are dismissed and reported.
  await chrome.debugger.sendCommand({ tabId }, 'Page.enable');
}

export async function ensureAttached(tabId: number): Promise<void> {
  let pending = attached.get(tabId);
  if (!pending) {
    pending = attach(tabId);
    attached.set(tabId, pending);
    pending.catch(() => attached.delete(tabId));
  }
  return pending;
}

export function isAttached(tabId: number): boolean {
  return attached.has(tabId);
}

export async function send<T = Record<string, unknown>>(tabId: number, method: string, params?: object): Promise<T> {
  await ensureAttached(tabId);
  try {
    return (await chrome.debugger.sendCommand({ tabId }, method, params)) as T;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/not attached|detached/i.test(message)) attached.delete(tabId);
    if (/no tab with/i.test(message)) throw new ToolError('That tab is closed. Call list_tabs to see the open ones.');
    throw new ToolError(`The browser refused ${method}: ${message}`);
  }
}

export async function detach(tabId: number): Promise<void> {
  if (!attached.has(tabId)) return;
  attached.delete(tabId);
  await chrome.debugger.detach({ tabId }).catch(() => undefined);
}

/**
 * Resolves with the first event on the tab that `match` accepts, registered before `trigger`
 * runs so the event cannot slip past; or at once with what `trigger` returns, when it knows no
 * event will come. Rejects on timeout or abort.
 */
export async function waitForEvent<T>(
  tabId: number,
  match: (method: string, params: Record<string, unknown>) => T | undefined,
  trigger: () => Promise<T | undefined | void>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<T> {
  let stop = () => {};
  const event = new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new ToolError(`The page did not finish within ${Math.round(timeoutMs / 1000)} s.`)), timeoutMs);
    const onAbort = () => reject(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const unlisten = listen(tabId, (method, params) => {
      const value = match(method, params);
      if (value !== undefined) resolve(value);
    });
    stop = () => {
      clearTimeout(timer);
      unlisten();
      signal?.removeEventListener('abort', onAbort);
    };
  });
  event.catch(() => undefined);
  try {
    const early = await trigger();
    if (early !== undefined) return early;
    return await event;
  } finally {
    stop();
  }
}
