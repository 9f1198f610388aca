import type { OpenDialog } from '../protocol/content';
import { describePath, samePath } from './frame-path';

/**
 * Dialogs a replayed step meets that the recorded run did not: a consent wall, a newsletter box, an
 * interstitial. Each recorded dialog excuses one open now of the same role and name in the same
 * frame; what is left is new, and a new dialog is a page that changed, whether or not it covers the
 * step's target.
 */
export function newDialogs(recorded: readonly OpenDialog[], now: readonly OpenDialog[]): OpenDialog[] {
  const unmatched = [...recorded];
  return now.filter((dialog) => {
    const at = unmatched.findIndex((other) => other.role === dialog.role && other.name === dialog.name && samePath(other.frame, dialog.frame));
    if (at < 0) return true;
    unmatched.splice(at, 1);
    return false;
  });
}

/** Why a step with new dialogs hands over, in the words of the handover note. */
export function newDialogsReason(dialogs: readonly OpenDialog[]): string {
  const named = dialogs.map((dialog) => {
    const frame = describePath(dialog.frame);
    const what = dialog.role === 'overlay' ? 'a layer covering most of the page' : `a ${dialog.role === 'alertdialog' ? 'alert dialog' : 'dialog'}`;
    return `${what}${dialog.name ? ` "${dialog.name.slice(0, 80)}"` : ''}${frame ? ` in ${frame}` : ''}`;
  });
  return `${named.join(' and ')} ${dialogs.length === 1 ? 'is' : 'are'} open that the recorded run did not meet here`;
}
