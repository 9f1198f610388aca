import type { z } from 'zod';
import type { PanelPush, PanelRequest, panelReplySchemas } from '../src/protocol/panel';
import { PANEL_PORT } from '../src/protocol/panel-port';
import { parsePanelPush, unwrapPanelReply } from '../src/protocol/panel-wire';
import { RemoteError } from '../src/protocol/remote-error';
import { say } from './i18n';

type ReplyOf<T extends PanelRequest['type']> = z.infer<(typeof panelReplySchemas)[T]>;

/** One request to the background, its reply checked (src/protocol/panel-wire.ts) and its error re-thrown here. */
export async function request<R extends PanelRequest>(message: R): Promise<ReplyOf<R['type']>> {
  const raw: unknown = await chrome.runtime.sendMessage(message);
  try {
    return unwrapPanelReply(message.type, raw) as ReplyOf<R['type']>;
  } catch (error) {
    // The worker's words, in the reader's language.
    if (error instanceof RemoteError && error.words) throw new RemoteError(error.name, say(error.words), error.words);
    throw error;
  }
}

/**
 * Keeps a port open to the background for pushed task state. The worker may stop and start
 * again; the port is then re-opened, which wakes it and brings a fresh full state.
 */
export function connectPanel(windowId: number, onPush: (push: PanelPush) => void, signal: AbortSignal): void {
  let failures = 0;
  const open = () => {
    if (signal.aborted) return;
    const port = chrome.runtime.connect({ name: `${PANEL_PORT}:${windowId}` });
    port.onMessage.addListener((message: unknown) => {
      failures = 0;
      const push = parsePanelPush(message);
      if (push) onPush(push);
    });
    port.onDisconnect.addListener(() => {
      if (signal.aborted) return;
      failures++;
      setTimeout(open, Math.min(5_000, 100 * 2 ** failures));
    });
    signal.addEventListener('abort', () => port.disconnect(), { once: true });
  };
  open();
}
