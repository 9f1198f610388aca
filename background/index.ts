import browser from 'webextension-polyfill';
import { errorReply, okReply } from '../src/protocol/envelope';
import { loadSettings, saveSettings } from '../src/store/settings';
import { handleDebuggerDetach, handleDebuggerEvent } from './driver/cdp';
import { handleDownloadChanged, handleDownloadCreated } from './driver/downloads';
import { announceFrame } from './driver/frame-tokens';
import { frameTokenMessageSchema } from '../src/protocol/content';
import { adminPolicy, administratorUrlLists, effectiveSettings, handleStorageChanged } from './admin-policy';
import { chromeArea } from './chrome-storage';
import { createContextMenus, handleContextMenuClick } from './context-menu';
import { installDebug } from './debug';
import { navigationGuard } from './navigation-guard';
import { networkGuard } from './network-guard';
import { acceptPanel, isOwnContentScript, isOwnPage } from './panel-hub';
import { handlePanelRequest } from './requests';
import { handleNotificationClick } from './routine-notifications';
import { RoutineRunner, routineLimits } from './routine-runner';
import { routineStore } from './routine-store';
import { TaskRunner } from './task-runner';
import { indexedDbAuditStore, indexedDbTaskStore } from './task-store';

/**
 * Steward's service worker. Every listener is registered synchronously here, at the top level,
 * so Chrome can wake the worker for any of them; the work lives in the modules they call.
 */
const local = chromeArea(browser.storage.local);
const auditStore = indexedDbAuditStore();
// Tasks run with the user's settings inside the administrator's bounds (src/policy/admin.ts).
const runner = new TaskRunner(
  indexedDbTaskStore(),
  () => effectiveSettings(local),
  auditStore,
  async (host) => {
    const { settings } = await loadSettings(local);
    if (!settings.trustedSites.includes(host)) await saveSettings(local, { ...settings, trustedSites: [...settings.trustedSites, host] });
  },
  async () => (await adminPolicy()).policy,
);
// Routines listen to the task runner before it resumes tasks; they re-arm their alarms and catch up once tasks are back.
const routines = new RoutineRunner(runner, routineStore(local), async () => routineLimits(await effectiveSettings(local)));
const restored = runner
  .restore()
  .catch((error: unknown) => console.error('Steward could not restore its task state', error))
  .then(() => routines.start())
  .catch((error: unknown) => console.error('Steward could not start its routines', error));

// Settings (the API key among them) are for Steward's own pages and worker, never content scripts.
void chrome.storage.local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => undefined);

// The toolbar icon (and its keyboard shortcut) opens the side panel. Set on every start: it is
// idempotent, and a worker started by an update or a policy install gets it too.
void chrome.sidePanel.setPanelBehavior({ openPanelOnActionClick: true });

// "Ask Steward about this page / the selection" in the page's context menu.
chrome.runtime.onInstalled.addListener(() => createContextMenus());
chrome.contextMenus.onClicked.addListener((info, tab) => void handleContextMenuClick(info, tab).catch((error: unknown) => console.error('Steward could not open from the context menu', error)));

chrome.runtime.onConnect.addListener((port) => {
  void restored.then(() => acceptPanel(port, (windowId) => ({ type: 'task.state', task: runner.current(windowId) })));
});

chrome.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
  // Steward's own content scripts say one thing only: which frame received which token.
  if (isOwnContentScript(sender)) {
    const announcement = frameTokenMessageSchema.safeParse(message);
    if (announcement.success) void announceFrame(announcement.data.token, sender.tab.id, sender.frameId);
    return false;
  }
  // Web pages and other extensions get no answer: only Steward's pages drive it.
  if (!isOwnPage(sender)) return false;
  restored
    .then(() => handlePanelRequest(message, local, runner, auditStore, routines, adminPolicy))
    .then((value) => sendResponse(okReply(value)), (error: unknown) => sendResponse(errorReply(error)));
  return true;
});

chrome.tabs.onCreated.addListener((tab) => {
  void restored.then(() => runner.onTabCreated(tab)).then(() => network.sync());
});
// Navigations a page starts by itself in a task's tab go through the same URL rule as the model's.
const guard = navigationGuard(runner, administratorUrlLists);
// And requests to blocked domains never leave a task's tabs (declarativeNetRequest), redirects included.
const network = networkGuard(() => runner.taskTabIds(), administratorUrlLists);
// Before every tool call, so the task's tabs are covered before anything it does can load a page.
runner.beforeAction = () => network.sync();
chrome.webNavigation.onBeforeNavigate.addListener((details) => void restored.then(() => network.sync()).then(() => guard.onBeforeNavigate(details)));
chrome.webNavigation.onCommitted.addListener((details) => void restored.then(() => guard.onCommitted(details)));
chrome.webNavigation.onErrorOccurred.addListener((details) => void restored.then(() => guard.onErrorOccurred(details)));

chrome.downloads.onCreated.addListener((item) => void handleDownloadCreated(item));
chrome.downloads.onChanged.addListener((delta) => void handleDownloadChanged(delta));

// Chrome fills managed storage a few seconds after start, and again whenever the policy changes.
chrome.storage.onChanged.addListener(handleStorageChanged);

chrome.debugger.onEvent.addListener(handleDebuggerEvent);
chrome.debugger.onDetach.addListener(handleDebuggerDetach);

// The resume alarm only needs to wake the worker: restoring runs at the top of this file.
// A routine's alarm runs it when it is due (routine-runner.ts decides; start-up has caught up first).
chrome.alarms.onAlarm.addListener((alarm) => void restored.then(() => routines.onAlarm(alarm.name)));

// Routine notifications: "Review" opens the panel on the run's approval.
chrome.notifications.onClicked.addListener((id) => handleNotificationClick(id));
chrome.notifications.onButtonClicked.addListener((id) => handleNotificationClick(id));
chrome.windows.onRemoved.addListener((windowId) => void restored.then(() => routines.onWindowClosed(windowId)));

// The store build (`npm run package`) leaves the diagnostics hook out.
if (import.meta.env.MODE !== 'store') installDebug(globalThis as Parameters<typeof installDebug>[0], runner, routines);
