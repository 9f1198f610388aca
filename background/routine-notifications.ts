import type { RoutineRun } from '../src/store/routines';
import browser from 'webextension-polyfill';
import { type MessageKey, msg } from '../src/i18n/words';
import { message, say } from './say';

/**
 * Notifications of routine runs. An approval's notification id carries the run's window, so a
 * click can open the side panel there at once: sidePanel.open() needs the click's user gesture,
 * which is gone after the first await.
 */
const APPROVAL = 'steward.review';
const RESULT = 'steward.result';

const STATUS_WORDS: Record<RoutineRun['status'], MessageKey> = {
  queued: msg('notify_status_queued'),
  running: msg('notify_status_running'),
  waiting: msg('notify_status_waiting'),
  done: msg('notify_status_done'),
  failed: msg('notify_status_failed'),
  stopped: msg('notify_status_stopped'),
  'needs-attention': msg('notify_status_needs_attention'),
};

function approvalId(run: RoutineRun): string {
  return `${APPROVAL}:${run.id}:${run.windowId ?? ''}`;
}

const icon = () => browser.runtime.getURL('icons/128.png');

function clip(text: string, length = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

export async function notifyApproval(run: RoutineRun, routineName: string): Promise<void> {
  await chrome.notifications
    .create(approvalId(run), {
      type: 'basic',
      iconUrl: icon(),
      title: message('notify_approval_title', routineName),
      message: clip(run.waitingFor ?? message('notify_approval_body')),
      buttons: [{ title: message('notify_review') }],
      requireInteraction: true,
      priority: 2,
    })
    .catch((error: unknown) => console.warn('Steward could not show a notification', error));
}

export async function notifyResult(run: RoutineRun, routineName: string): Promise<void> {
  const detail = run.status === 'done' ? (run.changed && run.diff ? message('notify_result_changed', clip(run.result ?? '')) : clip(run.result ?? '')) : clip(say(run.error ?? ''));
  await chrome.notifications
    .create(`${RESULT}:${run.id}`, {
      type: 'basic',
      iconUrl: icon(),
      title: message('notify_result_title', routineName, message(STATUS_WORDS[run.status])),
      message: detail || message(STATUS_WORDS[run.status]),
    })
    .catch((error: unknown) => console.warn('Steward could not show a notification', error));
}

export async function clearRoutineNotification(run: RoutineRun, kind: 'approval'): Promise<void> {
  if (kind === 'approval') await browser.notifications.clear(approvalId(run)).catch(() => false);
}

/**
 * A click on an approval notification (or its "Review" button): the side panel opens in the
 * run's window, which shows the run's task with its approval card, and the window comes forward.
 * Chrome counts a notification click as a user gesture; if it ever does not, the window still
 * comes forward and the toolbar icon opens the panel there.
 */
export function handleNotificationClick(notificationId: string): void {
  if (notificationId.startsWith(`${APPROVAL}:`)) {
    const windowId = Number(notificationId.split(':')[2]);
    if (!Number.isInteger(windowId)) return;
    // First, while the gesture lasts.
    chrome.sidePanel.open({ windowId }).catch((error: unknown) => console.warn('Steward could not open its panel from the notification', error));
    void browser.windows.update(windowId, { focused: true, drawAttention: true }).catch(() => undefined);
    // The run works in a background tab (its group's): the person asked to see it, so it comes to the front.
    void showRunTab(windowId);
    return;
  }
  if (notificationId.startsWith(`${RESULT}:`)) {
    chrome.sidePanel.open({ windowId: chrome.windows.WINDOW_ID_CURRENT }).catch(() => undefined);
    void browser.notifications.clear(notificationId);
  }
}

async function showRunTab(windowId: number): Promise<void> {
  const tabs = await browser.tabs.query({ windowId }).catch(() => []);
  const runTab = tabs.find((tab) => tab.groupId !== undefined && tab.groupId !== chrome.tabGroups.TAB_GROUP_ID_NONE);
  if (runTab?.id !== undefined) await browser.tabs.update(runTab.id, { active: true }).catch(() => undefined);
}
