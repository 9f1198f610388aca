import { ToolError } from '@anthropic-ai/sdk/helpers/beta/toolsets';

/** token -> where the child frame that received it lives; see content/frames.ts for the handshake. */
const frames = new Map<string, { tabId: number; frameId: number }>();
const waiters = new Map<string, Set<() => void>>();

/** Called for a `frame.token` message from one of Steward's content scripts. */
export function announceFrame(token: string, tabId: number, frameId: number): void {
  frames.set(token, { tabId, frameId });
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
