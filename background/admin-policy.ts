import { type LoadedAdminPolicy, parseAdminPolicy } from '../src/policy/admin';
import browser from 'webextension-polyfill';

/**
 * The administrator's policy from chrome.storage.managed. Chrome loads policy asynchronously: right
 * after start the area can read {} and fill in a few seconds later (announced by
 * chrome.storage.onChanged with area 'managed'), and without a schema or a policy a read may throw.
 * The last reading is held here so each tool call does not read it again; it is only ever a copy of
 * managed storage, read again on every worker start and on every change.
 */
let reading: Promise<LoadedAdminPolicy> | undefined;

export function readAdminPolicy(): Promise<LoadedAdminPolicy> {
  reading = (async () => {
    let raw: unknown;
    try {
      raw = await browser.storage.managed.get(null);
    } catch (error) {
      // No policy (or no managed storage on this platform): nothing is enforced, and nothing is wrong.
      console.info('Steward reads no administrator policy:', error);
      raw = {};
    }
    const loaded = parseAdminPolicy(raw);
    for (const problem of loaded.problems) console.warn('Steward administrator policy:', problem);
    return loaded;
  })();
  return reading;
}

/**
 * The latest reading: the one in progress if a change is being read, so a tool call right after a
 * change is decided under the new policy.
 */
export function adminPolicy(): Promise<LoadedAdminPolicy> {
  return reading ?? readAdminPolicy();
}

/** For chrome.storage.onChanged: a change in the managed area is read again as a whole. */
export function handleStorageChanged(_changes: Record<string, chrome.storage.StorageChange>, areaName: string): void {
  if (areaName === 'managed') void readAdminPolicy();
}
