import type { StateChange } from '../../src/browser/driver';

/**
 * Downloads carry no tab id, so each is reported to the drivers whose tabs show the page it came
 * from (its referrer), or to every active driver when Chrome gives no referrer.
 */
export interface DownloadListener {
  report(change: StateChange): void;
  /** Whether one of its tabs shows a page of this origin. */
  showsOrigin(origin: string): Promise<boolean>;
  /** Asks the user whether a download its pages started may stay; without it, downloads go ahead. */
  approve?(download: { id: number; url: string; filename: string }): Promise<boolean>;
}

const listeners = new Set<DownloadListener>();
const owners = new Map<number, DownloadListener[]>();

export function listenForDownloads(listener: DownloadListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function originOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
}

export async function handleDownloadCreated(item: chrome.downloads.DownloadItem): Promise<void> {
  const origin = originOf(item.referrer);
  const matched: DownloadListener[] = [];
  for (const listener of listeners) if (!origin || (await listener.showsOrigin(origin))) matched.push(listener);
  if (matched.length === 0) return;
  owners.set(item.id, matched);
  const url = item.finalUrl || item.url;
  for (const listener of matched) listener.report({ type: 'download_started', downloadId: String(item.id), url });
  const asking = matched.filter((listener) => listener.approve);
  if (asking.length === 0) return;
  // Held while the user decides; a small file may already be complete, and is then deleted if refused.
  await chrome.downloads.pause(item.id).catch(() => undefined);
  const answers = await Promise.all(asking.map((listener) => listener.approve!({ id: item.id, url, filename: item.filename }).catch(() => false)));
  if (answers.every(Boolean)) {
    await chrome.downloads.resume(item.id).catch(() => undefined);
    return;
  }
  await refuseDownload(item.id, matched);
}

/** A download the user refused: cancelled, or deleted from disk if it already finished. */
export async function refuseDownload(id: number, tell: readonly DownloadListener[] = []): Promise<void> {
  const [item] = await chrome.downloads.search({ id });
  if (item?.state === 'complete') {
    await chrome.downloads.removeFile(id).catch(() => undefined);
    for (const listener of tell) listener.report({ type: 'download_failed', downloadId: String(id), url: item.finalUrl || item.url, error: 'REFUSED_BY_USER' });
  } else {
    await chrome.downloads.cancel(id).catch(() => undefined);
  }
}

export async function handleDownloadChanged(delta: chrome.downloads.DownloadDelta): Promise<void> {
  const matched = owners.get(delta.id);
  const state = delta.state?.current;
  if (!matched || (state !== 'complete' && state !== 'interrupted')) return;
  owners.delete(delta.id);
  const [item] = await chrome.downloads.search({ id: delta.id });
  if (!item) return;
  const url = item.finalUrl || item.url;
  const change: StateChange =
    state === 'complete'
      ? { type: 'download_completed', downloadId: String(item.id), url, ...(item.fileSize >= 0 ? { sizeBytes: item.fileSize } : {}) }
      : { type: 'download_failed', downloadId: String(item.id), url, ...(item.error ? { error: item.error } : {}) };
  for (const listener of matched) listener.report(change);
}
