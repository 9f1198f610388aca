import { ToolError } from '@anthropic-ai/sdk/helpers/beta/toolsets';

/** token -> where the child frame that received it lives; see content/frames.ts for the handshake. */
const frames = new Map<string, { tabId: number; frameId: number }>();
const waiters = new Map<string, Set<() => void>>();

/** Pages can make frames announce tokens of their choosing: the map stays bounded whatever they send. */
const MAX_KNOWN_FRAMES = 1_000;

async function frameExists(where: { tabId: number; frameId: number }): Promise<boolean> {
  const frame = await chrome.webNavigation.getFrame(where).catch(() => null);
  return frame !== null && frame !== undefined;
}

/**
 * Called for a `frame.token` message from one of Steward's content scripts. A token belongs to the
 * first frame that announced it for as long as that frame lives: a page that forwards a token it
 * saw to another of its frames cannot move it there.
 */
export async function announceFrame(token: string, tabId: number, frameId: number): Promise<void> {
  const known = frames.get(token);
  if (known && (known.tabId !== tabId || known.frameId !== frameId) && (await frameExists(known))) return;
  frames.delete(token);
  frames.set(token, { tabId, frameId });
  for (const oldest of frames.keys()) {
    if (frames.size <= MAX_KNOWN_FRAMES) break;
    frames.delete(oldest);
  }
  for (const wake of waiters.get(token) ?? []) wake();
  waiters.delete(token);
}

/** The frame id of the child that holds `token`, waiting (bounded) for its announcement. */
export async function frameIdForToken(tabId: number, token: string, timeoutMs = 1_500): Promise<number> {
  const known = frames.get(token);
  if (known?.tabId === tabId) return known.frameId;
  await new Promise<void>((resolve, reject) => {
    const wake = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      waiters.get(token)?.delete(wake);
      reject(new ToolError('The frame did not answer (it may still be loading, or Chrome does not let extensions into it).'));
    }, timeoutMs);
    let set = waiters.get(token);
    if (!set) waiters.set(token, (set = new Set()));
    set.add(wake);
  });
  const found = frames.get(token);
  if (found?.tabId !== tabId) throw new ToolError('The frame belongs to another tab.');
  return found.frameId;
}
