import { ToolError } from '@anthropic-ai/sdk/helpers/beta/toolsets';
import { delay } from '../src/browser/context';
import type {
  ClickOptions,
  Driver,
  LocatedElement,
  NavigationResult,
  NavigationTarget,
  SnapshotRequest,
  StateChange,
  TabSummary,
} from '../src/browser/driver';
import type { Point, Size } from '../src/browser/geometry';
import { editingCommands, type KeyStroke, modifierMask, type Modifier, type Platform } from '../src/browser/keys';
import * as cdp from './cdp';
import { askContent } from './content-bridge';
import { imageSize, resizeJpeg } from './image';

/** The tabs a task owns, persisted with the task so a ref number is never handed out twice. */
export interface TaskTabs {
  windowId: number;
  tabIds: number[];
  currentTabId?: number | undefined;
  /** Per tab: the next ref number its documents may use. */
  nextRef: Record<string, number>;
}

const NAVIGATION_TIMEOUT_MS = 30_000;
const BUTTONS: Record<ClickOptions['button'], number> = { left: 1, right: 2, middle: 4 };

export class ChromeDriver implements Driver {
  readonly #tabs: TaskTabs;
  readonly #persist: () => Promise<void>;
  readonly #changes: StateChange[] = [];
  readonly #unlisten: Array<() => void> = [];
  /** Where the mouse is, per tab: CDP needs it for the move that precedes a press. */
  readonly #mouse = new Map<number, Point>();

  constructor(readonly platform: Platform, tabs: TaskTabs, persist: () => Promise<void>) {
    this.#tabs = tabs;
    this.#persist = persist;
  }

  /** Starts dismissing dialogs on a tab the task uses, reporting each to the model. */
  async #attach(tabId: number): Promise<void> {
    const first = !cdp.isAttached(tabId);
    await cdp.ensureAttached(tabId);
    if (first) {
      this.#unlisten.push(
        cdp.listen(tabId, (method, params) => {
          if (method !== 'Page.javascriptDialogOpening') return;
          const kind = String(params.type ?? 'dialog');
          this.#changes.push({ type: 'dialog_dismissed', kind, message: String(params.message ?? '') });
          // beforeunload is accepted so navigation the task asked for goes ahead; the rest are cancelled.
          void chrome.debugger.sendCommand({ tabId }, 'Page.handleJavaScriptDialog', { accept: kind === 'beforeunload' }).catch(() => undefined);
        }),
      );
    }
  }

  async #send<T = Record<string, unknown>>(tabId: number, method: string, params?: object): Promise<T> {
    await this.#attach(tabId);
    return cdp.send<T>(tabId, method, params);
  }

  /** Input events reach only the front tab of a window, so the task's tab is brought to the front first. */
  async #front(tabId: number): Promise<void> {
    const tab = await chrome.tabs.get(tabId).catch(() => undefined);
    if (!tab) throw new ToolError('That tab is closed. Call list_tabs to see the open ones.');
    if (!tab.active) await chrome.tabs.update(tabId, { active: true });
  }

  async tabs(): Promise<TabSummary[]> {
    const open: TabSummary[] = [];
    for (const id of this.#tabs.tabIds) {
      const tab = await chrome.tabs.get(id).catch(() => undefined);
      if (tab?.id !== undefined) open.push({ id: tab.id, title: tab.title ?? '', url: tab.url ?? tab.pendingUrl ?? '' });
    }
    if (open.length !== this.#tabs.tabIds.length) {
      this.#tabs.tabIds = open.map((tab) => tab.id);
      if (!this.#tabs.tabIds.includes(this.#tabs.currentTabId ?? -1)) this.#tabs.currentTabId = this.#tabs.tabIds.at(-1);
      await this.#persist();
    }
    return open;
  }

  async currentTab(): Promise<number | undefined> {
    await this.tabs();
    return this.#tabs.currentTabId;
  }

  async createTab(): Promise<TabSummary> {
    const tab = await chrome.tabs.create({ windowId: this.#tabs.windowId, url: 'about:blank', active: true });
    if (tab.id === undefined) throw new ToolError('Chrome did not open the tab.');
    this.#tabs.tabIds.push(tab.id);
    this.#tabs.currentTabId = tab.id;
    this.#changes.push({ type: 'tab_opened', tabId: tab.id });
    await this.#persist();
    return { id: tab.id, title: tab.title ?? '', url: tab.url ?? '' };
  }

  async activateTab(tabId: number): Promise<TabSummary> {
    const tab = await chrome.tabs.update(tabId, { active: true });
    this.#tabs.currentTabId = tabId;
    await this.#persist();
    return { id: tabId, title: tab?.title ?? '', url: tab?.url ?? '' };
  }

  async closeTab(tabId: number): Promise<void> {
    await cdp.detach(tabId);
    await chrome.tabs.remove(tabId).catch(() => undefined);
    this.#tabs.tabIds = this.#tabs.tabIds.filter((id) => id !== tabId);
    if (this.#tabs.currentTabId === tabId) this.#tabs.currentTabId = this.#tabs.tabIds.at(-1);
    await this.#persist();
  }

  async drainStateChanges(): Promise<StateChange[]> {
    return this.#changes.splice(0);
  }

  async navigate(tabId: number, target: NavigationTarget, signal?: AbortSignal): Promise<NavigationResult> {
    try {
      await this.#attach(tabId);
    } catch {
      // A restricted page (chrome://newtab, say) takes no debugger, but the tabs API can still leave it.
      return this.#navigateWithTabsApi(tabId, target, signal);
    }
    const loaded = (method: string): true | undefined => (method === 'Page.loadEventFired' ? true : undefined);
    if ('url' in target) {
      const failure = await cdp.waitForEvent<string | true>(
        tabId,
        loaded,
        async () => {
          const result = await this.#send<{ loaderId?: string; errorText?: string }>(tabId, 'Page.navigate', { url: target.url });
          if (result.errorText) return result.errorText;
          // No loader means a same-document navigation (a #fragment): no load event follows.
          return result.loaderId ? undefined : true;
        },
        NAVIGATION_TIMEOUT_MS,
        signal,
      );
      if (typeof failure === 'string' && failure !== 'net::ERR_ABORTED') throw new ToolError(`Could not load ${target.url}: ${failure}.`);
    } else if (target.history === 'reload') {
      await cdp.waitForEvent(tabId, loaded, () => this.#send(tabId, 'Page.reload'), NAVIGATION_TIMEOUT_MS, signal);
    } else {
      const history = await this.#send<{ currentIndex: number; entries: Array<{ id: number }> }>(tabId, 'Page.getNavigationHistory');
      const entry = history.entries[history.currentIndex + (target.history === 'back' ? -1 : 1)];
      if (!entry) throw new ToolError(`There is no page to go ${target.history} to.`);
      await cdp.waitForEvent(
        tabId,
        (method) => (method === 'Page.loadEventFired' || method === 'Page.navigatedWithinDocument' ? true : undefined),
        () => this.#send(tabId, 'Page.navigateToHistoryEntry', { entryId: entry.id }),
        NAVIGATION_TIMEOUT_MS,
        signal,
      );
    }
    return this.#pageResult(tabId);
  }

  async #navigateWithTabsApi(tabId: number, target: NavigationTarget, signal?: AbortSignal): Promise<NavigationResult> {
    const done = new Promise<void>((resolve) => {
      const listener = (id: number, change: chrome.tabs.OnUpdatedInfo) => {
        if (id === tabId && change.status === 'complete') {
          chrome.tabs.onUpdated.removeListener(listener);
          resolve();
        }
      };
      chrome.tabs.onUpdated.addListener(listener);
      signal?.addEventListener('abort', () => chrome.tabs.onUpdated.removeListener(listener), { once: true });
    });
    if ('url' in target) await chrome.tabs.update(tabId, { url: target.url });
    else if (target.history === 'back') await chrome.tabs.goBack(tabId);
    else if (target.history === 'forward') await chrome.tabs.goForward(tabId);
    else await chrome.tabs.reload(tabId);
    await Promise.race([done, delay(NAVIGATION_TIMEOUT_MS, signal)]);
    return this.#pageResult(tabId);
  }

  async #pageResult(tabId: number): Promise<NavigationResult> {
    try {
      const info = await askContent(tabId, { type: 'pageInfo' });
      return { url: info.url, title: info.title, status: info.status };
    } catch {
      const tab = await chrome.tabs.get(tabId);
      return { url: tab.url ?? '', title: tab.title ?? '' };
    }
  }

  async viewport(tabId: number): Promise<Size> {
    const metrics = await this.#send<{ cssVisualViewport: { clientWidth: number; clientHeight: number } }>(tabId, 'Page.getLayoutMetrics');
    return { width: metrics.cssVisualViewport.clientWidth, height: metrics.cssVisualViewport.clientHeight };
  }

  async capture(tabId: number, frame: Size): Promise<{ data: string; mediaType: 'image/jpeg' }> {
    await this.#front(tabId);
    const shot = await this.#send<{ data: string }>(tabId, 'Page.captureScreenshot', { format: 'jpeg', quality: 80, fromSurface: true });
    const size = await imageSize(shot.data, 'image/jpeg');
    if (size.width === frame.width && size.height === frame.height) return { data: shot.data, mediaType: 'image/jpeg' };
    return { data: await resizeJpeg(shot.data, 'image/jpeg', frame.width, frame.height), mediaType: 'image/jpeg' };
  }

  async snapshot(tabId: number, request: SnapshotRequest): Promise<string> {
    const nextRef = this.#tabs.nextRef[tabId] ?? 1;
    const reply = await askContent(tabId, { type: 'snapshot', ...request, nextRef });
    if (reply.nextRef !== nextRef) {
      this.#tabs.nextRef[tabId] = reply.nextRef;
      await this.#persist();
    }
    return reply.text;
  }

  async pageText(tabId: number, maxChars: number): Promise<string> {
    return (await askContent(tabId, { type: 'pageText', maxChars })).text;
  }

  async locate(tabId: number, ref: string): Promise<LocatedElement> {
    await this.#front(tabId);
    const located = await askContent(tabId, { type: 'locate', ref });
    return { point: { x: located.x, y: located.y }, description: located.description };
  }

  async setFormValue(tabId: number, ref: string, value: string | number | boolean): Promise<string> {
    return (await askContent(tabId, { type: 'formInput', ref, value })).message;
  }

  async #modifiersDown(tabId: number, modifiers: Modifier[]): Promise<void> {
    for (const modifier of modifiers) {
      await this.#send(tabId, 'Input.dispatchKeyEvent', { type: 'rawKeyDown', ...modifierKey(modifier), modifiers: modifierMask(modifiers) });
    }
  }

  async #modifiersUp(tabId: number, modifiers: Modifier[]): Promise<void> {
    for (const modifier of [...modifiers].reverse()) {
      await this.#send(tabId, 'Input.dispatchKeyEvent', { type: 'keyUp', ...modifierKey(modifier), modifiers: 0 });
    }
  }

  async click(tabId: number, point: Point, options: ClickOptions): Promise<void> {
    await this.#front(tabId);
    const mask = modifierMask(options.modifiers);
    await this.#modifiersDown(tabId, options.modifiers);
    try {
      await this.#send(tabId, 'Input.dispatchMouseEvent', { type: 'mouseMoved', x: point.x, y: point.y, modifiers: mask });
      for (let count = 1; count <= options.clickCount; count++) {
        const common = { x: point.x, y: point.y, button: options.button, clickCount: count, modifiers: mask };
        await this.#send(tabId, 'Input.dispatchMouseEvent', { type: 'mousePressed', ...common, buttons: BUTTONS[options.button] });
        await this.#send(tabId, 'Input.dispatchMouseEvent', { type: 'mouseReleased', ...common, buttons: 0 });
      }
      this.#mouse.set(tabId, point);
    } finally {
      await this.#modifiersUp(tabId, options.modifiers);
    }
  }

  async wheel(tabId: number, point: Point, delta: Point): Promise<void> {
    await this.#front(tabId);
    await this.#send(tabId, 'Input.dispatchMouseEvent', { type: 'mouseMoved', x: point.x, y: point.y });
    await this.#send(tabId, 'Input.dispatchMouseEvent', { type: 'mouseWheel', x: point.x, y: point.y, deltaX: delta.x, deltaY: delta.y });
    this.#mouse.set(tabId, point);
  }

  async pressKeys(tabId: number, strokes: KeyStroke[], signal?: AbortSignal): Promise<void> {
    await this.#front(tabId);
    for (const stroke of strokes) {
      if (signal?.aborted) throw signal.reason;
      const mask = modifierMask(stroke.modifiers);
      // A chord with ctrl, alt or meta types no character: it is a command.
      const types = stroke.key.text !== undefined && !stroke.modifiers.some((m) => m !== 'Shift');
      await this.#modifiersDown(tabId, stroke.modifiers);
      try {
        await this.#send(tabId, 'Input.dispatchKeyEvent', {
          type: types ? 'keyDown' : 'rawKeyDown',
          key: stroke.key.key,
          code: stroke.key.code,
          windowsVirtualKeyCode: stroke.key.keyCode,
          nativeVirtualKeyCode: stroke.key.keyCode,
          ...(types ? { text: stroke.key.text, unmodifiedText: stroke.key.text } : {}),
          ...(stroke.key.location ? { location: stroke.key.location } : {}),
          modifiers: mask,
          commands: editingCommands(stroke, this.platform),
        });
        await this.#send(tabId, 'Input.dispatchKeyEvent', {
          type: 'keyUp',
          key: stroke.key.key,
          code: stroke.key.code,
          windowsVirtualKeyCode: stroke.key.keyCode,
          nativeVirtualKeyCode: stroke.key.keyCode,
          modifiers: mask,
        });
      } finally {
        await this.#modifiersUp(tabId, stroke.modifiers);
      }
    }
  }

  async insertText(tabId: number, text: string): Promise<void> {
    await this.#front(tabId);
    await this.#send(tabId, 'Input.insertText', { text });
  }

  /** Stops listening and detaches from every tab of the task. */
  async release(): Promise<void> {
    for (const unlisten of this.#unlisten.splice(0)) unlisten();
    await Promise.all(this.#tabs.tabIds.map((id) => cdp.detach(id)));
  }
}

function modifierKey(modifier: Modifier): { key: string; code: string; windowsVirtualKeyCode: number } {
  switch (modifier) {
    case 'Shift':
      return { key: 'Shift', code: 'ShiftLeft', windowsVirtualKeyCode: 16 };
    case 'Control':
      return { key: 'Control', code: 'ControlLeft', windowsVirtualKeyCode: 17 };
    case 'Alt':
      return { key: 'Alt', code: 'AltLeft', windowsVirtualKeyCode: 18 };
    case 'Meta':
      return { key: 'Meta', code: 'MetaLeft', windowsVirtualKeyCode: 91 };
  }
}
