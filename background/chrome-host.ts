import browser from 'webextension-polyfill';
import type { SessionHost } from '../src/session/host';
import type { TaskStore } from '../src/store/tasks';
import { refuseDownload } from './driver/downloads';
import { thumbnail } from './driver/image';
import { broadcast } from './panel-hub';
import { windowExists } from './windows';

/** Chrome stops a worker after 30 s without extension API calls; one call every 20 s keeps running tasks alive. */
const KEEPALIVE_MS = 20_000;
/** While a task runs, an alarm wakes a worker that Chrome stopped anyway, so the task resumes. */
export const RESUME_ALARM = 'steward.resume';

/**
 * The task sessions' host in the extension: records in IndexedDB, pushes to the side panels, the
 * toolbar badge, the keep-alive and resume alarm, windows, downloads and thumbnails.
 */
export function chromeHost(store: TaskStore): SessionHost {
  let keepalive: ReturnType<typeof setInterval> | undefined;
  return {
    persist: (record) => store.put(record),
    publish: broadcast,
    setWaiting: setBadge,
    keepAlive(running) {
      if (running && keepalive === undefined) {
        keepalive = setInterval(() => void browser.runtime.getPlatformInfo(), KEEPALIVE_MS);
        void browser.alarms.create(RESUME_ALARM, { periodInMinutes: 0.5 });
      } else if (!running && keepalive !== undefined) {
        clearInterval(keepalive);
        keepalive = undefined;
        void browser.alarms.clear(RESUME_ALARM);
      }
    },
    windowExists,
    refuseDownload: (downloadId) => refuseDownload(downloadId),
    thumbnail: (data, mediaType) => thumbnail(data, mediaType).catch(() => undefined),
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
  };
}

/** A mark on the toolbar icon while an action waits for the user, so a closed panel still tells. */
async function setBadge(waiting: boolean): Promise<void> {
  await chrome.action.setBadgeText({ text: waiting ? '!' : '' }).catch(() => undefined);
  if (waiting) await chrome.action.setBadgeBackgroundColor({ color: '#b3261e' }).catch(() => undefined);
  await chrome.action.setTitle({ title: waiting ? 'Steward: an action waits for your approval' : 'Open Steward' }).catch(() => undefined);
}
