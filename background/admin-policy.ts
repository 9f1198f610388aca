import { inEnglish } from '../src/i18n/english';
import browser from 'webextension-polyfill';
import { applyAdminPolicy, type LoadedAdminPolicy, parseAdminPolicy } from '../src/policy/admin';
import type { UrlLists } from '../src/policy/urls';
import type { KeyValueArea } from '../src/store/area';
import { loadSettings, type Settings } from '../src/store/settings';

/**
 * The one way to the administrator's policy: everything in the worker (the settings view, the
 * task runner and its approvals, the navigation and network guards, the routines) calls
 * `adminPolicy()` or what is built on it here.
 *
 * It comes from chrome.storage.managed. Chrome loads policy asynchronously: right after start the
 * area can read {} and fill in a few seconds later (announced by chrome.storage.onChanged with area
 * 'managed'), and without a schema or a policy a read may throw. The last reading is held here so
 * each tool call does not read it again; it is only ever a copy of managed storage, read again on
 * every worker start and on every change.
 *
 * The diagnostics hook (background/debug.ts, reachable by the extension itself and DevTools only)
 * can add blocked domains, never lift one; the end-to-end tests use it to give the guard a blocked
 * domain without writing a machine policy.
 */
let reading: Promise<LoadedAdminPolicy> | undefined;
let diagnosticBlocks: readonly string[] = [];

function readManagedStorage(): Promise<LoadedAdminPolicy> {
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
    for (const problem of loaded.problems) console.warn('Steward administrator policy:', inEnglish(problem));
    return loaded;
  })();
  return reading;
}

/**
 * The policy in force, with any diagnostic blocks: the latest reading, or the one in progress if a
 * change is being read, so a tool call right after a change is decided under the new policy.
 * `fresh` reads managed storage again first: the panel asks for the settings when it hears of a
 * change, which can be before the worker hears of it.
 */
export async function adminPolicy({ fresh = false } = {}): Promise<LoadedAdminPolicy> {
  const loaded = await (fresh || !reading ? readManagedStorage() : reading);
  if (!diagnosticBlocks.length) return loaded;
  return { ...loaded, policy: { ...loaded.policy, blockedDomains: [...loaded.policy.blockedDomains, ...diagnosticBlocks] } };
}

/** What tasks and routines run with: the user's settings inside the administrator's bounds. */
export async function effectiveSettings(local: KeyValueArea): Promise<Settings> {
  return applyAdminPolicy((await loadSettings(local)).settings, (await adminPolicy()).policy).settings;
}

/** The administrator's domain lists, as the navigation and network guards enforce them. */
export async function administratorUrlLists(): Promise<UrlLists> {
  const { policy } = await adminPolicy();
  return {
    blockedDomains: policy.blockedDomains,
    ...(policy.allowedDomains.length ? { onlyDomains: policy.allowedDomains } : {}),
  };
}

export function setDiagnosticUrlLists(lists: UrlLists | undefined): void {
  diagnosticBlocks = lists?.blockedDomains ?? [];
}

/** For chrome.storage.onChanged: a change in the managed area is read again as a whole. */
export function handleStorageChanged(_changes: Record<string, chrome.storage.StorageChange>, areaName: string): void {
  if (areaName === 'managed') void readManagedStorage();
}
