import { isPendingPrompt, PENDING_PROMPT_TTL_MS, pendingPromptKey } from '../src/protocol/pending-prompt';

/**
 * Hands the panel the text the context menu left for its window (background/context-menu.ts):
 * once when the panel opens, and again each time the menu is used while it is open. Each prompt
 * is taken once: it is removed as it is read.
 */
export function watchPendingPrompt(windowId: number, onPrompt: (text: string) => void, signal: AbortSignal): void {
  const key = pendingPromptKey(windowId);
  const take = (value: unknown) => {
    if (!isPendingPrompt(value)) return;
    void chrome.storage.session.remove(key);
    if (Date.now() - value.at <= PENDING_PROMPT_TTL_MS) onPrompt(value.text);
  };
  const onChanged = (changes: Record<string, chrome.storage.StorageChange>, area: string) => {
    if (area === 'session' && changes[key]?.newValue !== undefined) take(changes[key].newValue);
  };
  chrome.storage.onChanged.addListener(onChanged);
  signal.addEventListener('abort', () => chrome.storage.onChanged.removeListener(onChanged), { once: true });
  void chrome.storage.session.get(key).then((stored) => take(stored[key]));
}
