/**
 * Text the context menu ("Ask Steward about ...") leaves for the side panel of a window: the
 * background writes it to chrome.storage.session under this key, the panel puts it in its prompt
 * box and removes it. Storage, not a message, because the panel may still be opening.
 */
export const pendingPromptKey = (windowId: number) => `pendingPrompt:${windowId}`;

/** How long a prompt waits for its panel; an older one is stale (the panel never opened). */
export const PENDING_PROMPT_TTL_MS = 5 * 60_000;

export interface PendingPrompt {
  text: string;
  at: number;
}

export function isPendingPrompt(value: unknown): value is PendingPrompt {
  return typeof value === 'object' && value !== null && typeof (value as PendingPrompt).text === 'string' && typeof (value as PendingPrompt).at === 'number';
}

/** The longest selection that goes into the prompt box; the task itself allows 20,000 characters. */
const MAX_SELECTION = 4_000;

/** What "Ask Steward about this page" and "... about the selection" put in the prompt box. */
export function contextPrompt(about: { title?: string | undefined; url?: string | undefined; selection?: string | undefined }): string {
  const selection = about.selection?.trim();
  if (selection) {
    const quoted = selection.length > MAX_SELECTION ? `${selection.slice(0, MAX_SELECTION)}…` : selection;
    return `About this selection${about.url ? ` (from ${about.url})` : ''}:\n"${quoted}"\n\n`;
  }
  const where = [about.title?.trim(), about.url].filter(Boolean).join(', ');
  return where ? `About this page (${where}): ` : 'About this page: ';
}
