import { PANEL_PORT, type PanelPush } from '../src/protocol/panel';

/** The side panels that are open, by the window they sit in; each is a view that can come and go. */
const ports = new Map<chrome.runtime.Port, number>();

/** Only Steward's own pages may connect: the sender is checked, not assumed. */
export function isOwnPage(sender: chrome.runtime.MessageSender | undefined): boolean {
  return sender?.id === chrome.runtime.id && sender.tab === undefined && (sender.url ?? '').startsWith(chrome.runtime.getURL(''));
}

/** A message from one of Steward's own content scripts, in a tab's frame. */
export function isOwnContentScript(
  sender: chrome.runtime.MessageSender | undefined,
): sender is chrome.runtime.MessageSender & { tab: chrome.tabs.Tab & { id: number }; frameId: number } {
  return sender?.id === chrome.runtime.id && sender.tab?.id !== undefined && sender.frameId !== undefined && !(sender.url ?? '').startsWith(chrome.runtime.getURL(''));
}

/** A panel connects on a port named for its window ("panel:123"), and hears about that window's task. */
export function acceptPanel(port: chrome.runtime.Port, greet: (windowId: number) => PanelPush): void {
  const windowId = Number(port.name.startsWith(`${PANEL_PORT}:`) ? port.name.slice(PANEL_PORT.length + 1) : Number.NaN);
  if (!Number.isInteger(windowId) || !isOwnPage(port.sender)) {
    port.disconnect();
    return;
  }
  ports.set(port, windowId);
  port.onDisconnect.addListener(() => ports.delete(port));
  port.postMessage(greet(windowId));
}

/** Sends to the panels of one window. */
export function broadcast(windowId: number, push: PanelPush): void {
  for (const [port, portWindow] of ports) {
    if (portWindow !== windowId) continue;
    try {
      port.postMessage(push);
    } catch {
      ports.delete(port);
    }
  }
}

/** Sends to every open panel, whatever its window (routines are not tied to one). */
export function broadcastAll(push: PanelPush): void {
  for (const port of [...ports.keys()]) {
    try {
      port.postMessage(push);
    } catch {
      ports.delete(port);
    }
  }
}
