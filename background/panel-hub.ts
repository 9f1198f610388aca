import { PANEL_PORT, type PanelPush } from '../src/protocol/panel';

/** The side panels that are open, in any window; each is a view that can come and go. */
const ports = new Set<chrome.runtime.Port>();

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

export function acceptPanel(port: chrome.runtime.Port, greet: () => PanelPush): void {
  if (port.name !== PANEL_PORT || !isOwnPage(port.sender)) {
    port.disconnect();
    return;
  }
  ports.add(port);
  port.onDisconnect.addListener(() => ports.delete(port));
  port.postMessage(greet());
}

export function broadcast(push: PanelPush): void {
  for (const port of ports) {
    try {
      port.postMessage(push);
    } catch {
      ports.delete(port);
    }
  }
}
