import { ToolError } from '@anthropic-ai/sdk/helpers/beta/toolsets';
import { delay } from '../../src/browser/context';
import type {
  ClickOptions,
  Driver,
  LocatedElement,
  NavigationResult,
  NavigationTarget,
  SnapshotRequest,
  StateChange,
  TabSummary,
} from '../../src/browser/driver';
import { cropAround, type Layout, type Point, type Size } from '../../src/browser/geometry';
import type { KeyStroke, Platform } from '../../src/browser/keys';
import type { FindCandidate } from '../../src/protocol/content';
import * as cdp from './cdp';
import { askContent, injectAllFrames } from './content-bridge';
import { drainConsole, drainNetwork, recordDevtoolsEvent } from './devtools-log';
import { listenForDownloads } from './downloads';
import { frameIdForToken } from './frame-tokens';
import { JudgedPoints } from './judged-points';
import { emptyFrames, frameOfRef, recordChild, recordRefs, revealFrame, type TabFrames, toTopPoint } from './frames';
import * as input from './input';
import { outlineTarget } from './image';

/** The tabs a task owns, persisted with the task so a ref number is never handed out twice. */
export interface TaskTabs {
  windowId: number;
  tabIds: number[];
  currentTabId?: number | undefined;
  /** The Chrome tab group the task's tabs live in, named for the task. */
  groupId?: number | undefined;
  /** Per tab: the next ref number its documents may use. */
  nextRef: Record<string, number>;
  /** Per tab: which frame handed out which refs. */
  frames?: Record<string, TabFrames>;
}

export interface DriverOptions {
  /** Record console and network traffic for read_console and read_network. */
  devtoolsLog: boolean;
  /** Asks the user whether a download the task's pages started may stay (downloads are high-risk). */
  approveDownload?: ((download: { id: number; url: string; filename: string }) => Promise<boolean>) | undefined;
}

const NAVIGATION_TIMEOUT_MS = 30_000;
const DRAG_STEPS = 8;

export class ChromeDriver implements Driver {
  readonly #tabs: TaskTabs;
  readonly #persist: () => Promise<void>;
  readonly #options: DriverOptions;
  readonly #changes: StateChange[] = [];
  readonly #unlisten: Array<() => void> = [];
  readonly #attachedHere = new Set<number>();
  readonly #injectedAllFrames = new Set<number>();
  /** What the policy judged under a coordinate: a press there checks it is still what it hits. */
  readonly judgedPoints = new JudgedPoints();
  readonly #screenshotViewports = new Map<number, Size & { url: string | undefined }>();

  constructor(readonly platform: Platform, tabs: TaskTabs, persist: () => Promise<void>, options: DriverOptions = { devtoolsLog: false }) {
    this.#tabs = tabs;
    this.#persist = persist;
    this.#options = options;
    this.#unlisten.push(
      listenForDownloads({
        report: (change) => this.report(change),
        showsOrigin: async (origin) => (await this.tabs()).some((tab) => tab.url.startsWith(`${origin}/`) || tab.url === origin),
        ...(options.approveDownload ? { approve: options.approveDownload } : {}),
      }),
    );
  }

  /** Reports a change that happened outside a member call (a popup, a download) with the next result. */
  report(change: StateChange): void {
    this.#changes.push(change);
  }

  owns(tabId: number): boolean {
    return this.#tabs.tabIds.includes(tabId);
  }

  /** Takes a tab the page opened (a popup, a target=_blank link) into the task and its group. */
  async adopt(tabId: number): Promise<void> {
    if (this.owns(tabId)) return;
    this.#tabs.tabIds.push(tabId);
    this.#changes.push({ type: 'tab_opened', tabId });
    if (this.#tabs.groupId !== undefined) await chrome.tabs.group({ groupId: this.#tabs.groupId, tabIds: [tabId] }).catch(() => undefined);
    await this.#persist();
  }

  /** Attaches on first use and starts handling what would otherwise block the agent: native dialogs. */
  async attach(tabId: number): Promise<void> {
    await cdp.ensureAttached(tabId);
    if (this.#attachedHere.has(tabId)) return;
    this.#attachedHere.add(tabId);
    this.#unlisten.push(
      cdp.listen(tabId, (method, params) => {
        if (method === 'Page.javascriptDialogOpening') {
          const kind = String(params.type ?? 'dialog');
          this.#changes.push({ type: 'dialog_dismissed', kind, message: String(params.message ?? '') });
          // beforeunload is accepted so a navigation the task asked for goes ahead; the rest are cancelled.
          void chrome.debugger.sendCommand({ tabId }, 'Page.handleJavaScriptDialog', { accept: kind === 'beforeunload' }).catch(() => undefined);
        } else if (this.#options.devtoolsLog) {
          recordDevtoolsEvent(tabId, method, params);
        }
      }),
    );
    if (this.#options.devtoolsLog) {
      await Promise.all(['Runtime.enable', 'Log.enable', 'Network.enable'].map((method) => cdp.send(tabId, method).catch(() => undefined)));
    }
  }

  async #send<T = Record<string, unknown>>(tabId: number, method: string, params?: object): Promise<T> {
    await this.attach(tabId);
    return cdp.send<T>(tabId, method, params);
  }

  #sender(tabId: number): input.Send {
    return (method, params) => this.#send(tabId, method, params);
  }

  /** Input reaches only the front tab of a window, so the task's tab is brought to the front first. */
  async #front(tabId: number): Promise<input.Send> {
    const tab = await chrome.tabs.get(tabId).catch(() => undefined);
    if (!tab) throw new ToolError('That tab is closed. Call list_tabs to see the open ones.');
    if (!tab.active) await chrome.tabs.update(tabId, { active: true });
    await this.attach(tabId);
    return this.#sender(tabId);
  }

  #frames(tabId: number): TabFrames {
    this.#tabs.frames ??= {};
    return (this.#tabs.frames[tabId] ??= emptyFrames());
  }

  // Tabs

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
    if (this.#tabs.groupId !== undefined) await chrome.tabs.group({ groupId: this.#tabs.groupId, tabIds: [tab.id] }).catch(() => undefined);
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

  // Navigation

  async navigate(tabId: number, target: NavigationTarget, signal?: AbortSignal): Promise<NavigationResult> {
    try {
      await this.attach(tabId);
    } catch {
      // A restricted page (chrome://newtab, say) takes no debugger, but the tabs API can still leave it.
      return this.#navigateWithTabsApi(tabId, target, signal);
    }
    const loaded = (method: string): true | undefined => (method === 'Page.loadEventFired' ? true : undefined);
    if ('url' in target) {
      const outcome = await cdp.waitForEvent<string | true>(
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
      if (typeof outcome === 'string' && outcome !== 'net::ERR_ABORTED') throw new ToolError(`Could not load ${target.url}: ${outcome}.`);
    } else if (target.history === 'reload') {
      await cdp.waitForEvent(tabId, loaded, () => this.#send(tabId, 'Page.reload').then(() => undefined), NAVIGATION_TIMEOUT_MS, signal);
    } else {
      const history = await this.#send<{ currentIndex: number; entries: Array<{ id: number }> }>(tabId, 'Page.getNavigationHistory');
      const entry = history.entries[history.currentIndex + (target.history === 'back' ? -1 : 1)];
      if (!entry) throw new ToolError(`There is no page to go ${target.history} to.`);
      await cdp.waitForEvent(
        tabId,
        (method) => (method === 'Page.loadEventFired' || method === 'Page.navigatedWithinDocument' ? true : undefined),
        () => this.#send(tabId, 'Page.navigateToHistoryEntry', { entryId: entry.id }).then(() => undefined),
        NAVIGATION_TIMEOUT_MS,
        signal,
      );
    }
    return this.#pageResult(tabId);
  }

  async #navigateWithTabsApi(tabId: number, target: NavigationTarget, signal?: AbortSignal): Promise<NavigationResult> {
    let listener: ((id: number, change: chrome.tabs.OnUpdatedInfo) => void) | undefined;
    const done = new Promise<void>((resolve) => {
      listener = (id, change) => {
        if (id === tabId && change.status === 'complete') resolve();
      };
      chrome.tabs.onUpdated.addListener(listener);
    });
    try {
      if ('url' in target) await chrome.tabs.update(tabId, { url: target.url });
      else if (target.history === 'back') await chrome.tabs.goBack(tabId);
      else if (target.history === 'forward') await chrome.tabs.goForward(tabId);
      else await chrome.tabs.reload(tabId);
      await Promise.race([done, delay(NAVIGATION_TIMEOUT_MS, signal)]);
    } finally {
      if (listener) chrome.tabs.onUpdated.removeListener(listener);
    }
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

  // Reading

  /** The visual viewport: its size in CSS pixels, where it sits on the page, and Chrome's page zoom. */
  async #layout(tabId: number): Promise<Layout & { zoom: number }> {
    const { cssVisualViewport: v } = await this.#send<{ cssVisualViewport: { clientWidth: number; clientHeight: number; pageX: number; pageY: number; zoom?: number } }>(
      tabId,
      'Page.getLayoutMetrics',
    );
    return { width: v.clientWidth, height: v.clientHeight, pageX: v.pageX, pageY: v.pageY, zoom: v.zoom ?? 1 };
  }

  async viewport(tabId: number): Promise<Layout> {
    const { width, height, pageX, pageY } = await this.#layout(tabId);
    return { width, height, pageX, pageY };
  }

  async screenshotViewport(tabId: number): Promise<Size | undefined> {
    const shot = this.#screenshotViewports.get(tabId);
    // A screenshot of another page says nothing about this one's coordinates.
    return shot && shot.url === (await chrome.tabs.get(tabId)).url ? shot : undefined;
  }

  /**
   * Captures a region of the viewport (CSS pixels) at `scale` output pixels per CSS pixel. Chrome
   * renders the clip at that scale itself, so there is nothing to decode or resize here, and the
   * image matches the viewport the page lays out (a window-sized capture would not, under
   * emulation or a device pixel ratio other than 1).
   */
  async #capture(tabId: number, layout: { pageX: number; pageY: number; zoom: number }, region: { x: number; y: number; width: number; height: number }, scale: number): Promise<string> {
    // The clip counts in the page's pixels before Chrome's zoom (125% makes each CSS pixel 1.25 of them).
    const z = layout.zoom;
    const shot = await this.#send<{ data: string }>(tabId, 'Page.captureScreenshot', {
      format: 'jpeg',
      quality: 80,
      fromSurface: true,
      clip: { x: (layout.pageX + region.x) * z, y: (layout.pageY + region.y) * z, width: region.width * z, height: region.height * z, scale: scale / z },
    });
    return shot.data;
  }

  async capture(tabId: number, frame: Size): Promise<{ data: string; mediaType: 'image/jpeg' }> {
    await this.#front(tabId);
    const layout = await this.#layout(tabId);
    const data = await this.#capture(tabId, layout, { x: 0, y: 0, width: layout.width, height: layout.height }, frame.width / layout.width);
    this.#screenshotViewports.set(tabId, { width: layout.width, height: layout.height, url: (await chrome.tabs.get(tabId)).url });
    return { data, mediaType: 'image/jpeg' };
  }

  async captureRegion(tabId: number, region: { x: number; y: number; width: number; height: number }, output: Size): Promise<{ data: string; mediaType: 'image/jpeg' }> {
    await this.#front(tabId);
    const layout = await this.#layout(tabId);
    return { data: await this.#capture(tabId, layout, region, output.width / region.width), mediaType: 'image/jpeg' };
  }

  /**
   * Reads one frame and stitches its child frames in where it found them, depth first, within
   * the character budget. Refs are numbered across frames, so each tells which frame it is in.
   */
  async #snapshotFrame(tabId: number, frameId: number, request: SnapshotRequest & { embedded: boolean }, budget: { chars: number; truncated: boolean }): Promise<string> {
    const frames = this.#frames(tabId);
    const from = this.#tabs.nextRef[tabId] ?? 1;
    const reply = await askContent(tabId, { type: 'snapshot', ...request, maxChars: Math.max(1, budget.chars), nextRef: from }, frameId);
    this.#tabs.nextRef[tabId] = reply.nextRef;
    recordRefs(frames, from, reply.nextRef, frameId);
    budget.chars -= reply.text.length;
    budget.truncated ||= reply.truncated;
    let text = reply.text;
    // Children announce themselves in parallel; their snapshots then run in order, so refs stay sequential.
    const childIds = await Promise.all(reply.frames.map((child) => this.#childFrame(tabId, frameId, child.token)));
    for (const [index, child] of reply.frames.entries()) {
      const childId = childIds[index];
      let inner = '';
      if (budget.chars > 0) {
        inner =
          childId === undefined
            ? '(this frame could not be read: it did not answer, or Chrome does not let extensions into it)'
            : await this.#snapshotFrame(tabId, childId, { ...request, ref: undefined, embedded: true }, budget).catch(
                (error: unknown) => `(this frame could not be read: ${error instanceof Error ? error.message : String(error)})`,
              );
      }
      const indent = '  '.repeat(child.indent);
      const lines = inner ? inner.split('\n').map((line) => indent + line).join('\n') : `${indent}(empty frame)`;
      text = text.replace(`${indent}${child.placeholder}`, () => lines);
    }
    return text;
  }

  /**
   * The frame id of a child frame, from the token its parent gave it. A frame whose content
   * script is missing (the tab predates Steward) gets it injected once, then is asked again.
   */
  async #childFrame(tabId: number, parent: number, token: string): Promise<number | undefined> {
    let childId = await frameIdForToken(tabId, token).catch(() => undefined);
    if (childId === undefined && !this.#injectedAllFrames.has(tabId)) {
      this.#injectedAllFrames.add(tabId);
      await injectAllFrames(tabId);
      childId = await frameIdForToken(tabId, token).catch(() => undefined);
    }
    if (childId !== undefined) recordChild(this.#frames(tabId), parent, childId, token);
    return childId;
  }

  async snapshot(tabId: number, request: SnapshotRequest): Promise<string> {
    const frameId = request.ref ? frameOfRef(this.#frames(tabId), request.ref) : 0;
    const budget = { chars: request.maxChars - 300, truncated: false };
    const text = await this.#snapshotFrame(tabId, frameId, { ...request, embedded: frameId !== 0 }, budget);
    await this.#persist();
    if (!budget.truncated && budget.chars > 0) return text;
    return `${text}\n[Output cut at ${request.maxChars.toLocaleString('en-US')} characters. Narrow it: read a subtree with ref, lower depth, or use filter "interactive".]`;
  }

  async findCandidates(tabId: number, limit: number): Promise<FindCandidate[]> {
    const frames = this.#frames(tabId);
    const all: FindCandidate[] = [];
    const queue = [0];
    while (queue.length && all.length < limit) {
      const frameId = queue.shift()!;
      const from = this.#tabs.nextRef[tabId] ?? 1;
      const reply = await askContent(tabId, { type: 'findCandidates', nextRef: from, limit: limit - all.length }, frameId).catch(() => undefined);
      if (!reply) continue;
      this.#tabs.nextRef[tabId] = reply.nextRef;
      recordRefs(frames, from, reply.nextRef, frameId);
      const childIds = await Promise.all(reply.frames.map((token) => this.#childFrame(tabId, frameId, token)));
      for (const childId of childIds) if (childId !== undefined) queue.push(childId);
      all.push(...reply.candidates.map((candidate) => ({ ...candidate, order: all.length + candidate.order })));
    }
    await this.#persist();
    return all;
  }

  async pageText(tabId: number, maxChars: number): Promise<string> {
    return (await askContent(tabId, { type: 'pageText', maxChars })).text;
  }

  async locate(tabId: number, ref: string): Promise<LocatedElement> {
    await this.#front(tabId);
    const frames = this.#frames(tabId);
    const frameId = frameOfRef(frames, ref);
    if (frameId !== 0) await revealFrame(tabId, frames, frameId);
    const located = await askContent(tabId, { type: 'locate', ref }, frameId);
    const point = frameId === 0 ? { x: located.x, y: located.y } : await toTopPoint(tabId, frames, frameId, located, `${ref} (${located.description})`);
    // The box moves with its frame: by as much as the point did.
    const box = located.box && { ...located.box, x: located.box.x + point.x - located.x, y: located.box.y + point.y - located.y };
    return { point, description: located.description, box };
  }

  /**
   * What an approval card shows: the part of the page around the target, with the target
   * outlined, as a JPEG data URL. The target is scrolled into view, as the action would.
   */
  async previewTarget(tabId: number, target: { ref: string } | { point: Point }): Promise<string> {
    const located = 'ref' in target ? await this.locate(tabId, target.ref) : { point: target.point, box: undefined };
    const box = located.box ?? { x: located.point.x - 12, y: located.point.y - 12, width: 24, height: 24 };
    const layout = await this.#layout(tabId);
    const region = cropAround(box, layout, { width: 480, height: 270 });
    const scale = Math.min(1, 480 / region.width);
    const data = await this.#capture(tabId, layout, region, scale);
    return outlineTarget(data, { x: (box.x - region.x) * scale, y: (box.y - region.y) * scale, width: box.width * scale, height: box.height * scale });
  }

  /** What the policy needs to know about a ref's element: role, name, input type, the form it submits. */
  async describeTarget(tabId: number, ref: string) {
    return askContent(tabId, { type: 'describe', ref }, frameOfRef(this.#frames(tabId), ref));
  }

  async scrollTo(tabId: number, ref: string): Promise<string> {
    const frames = this.#frames(tabId);
    const frameId = frameOfRef(frames, ref);
    if (frameId !== 0) await revealFrame(tabId, frames, frameId);
    return (await askContent(tabId, { type: 'scrollTo', ref }, frameId)).description;
  }

  async setFormValue(tabId: number, ref: string, value: string | number | boolean): Promise<string> {
    return (await askContent(tabId, { type: 'formInput', ref, value }, frameOfRef(this.#frames(tabId), ref))).message;
  }

  async uploadFiles(tabId: number, ref: string, paths: string[]): Promise<string> {
    const frameId = frameOfRef(this.#frames(tabId), ref);
    if (frameId !== 0) throw new ToolError('Uploading into a file input inside a frame is not supported yet; open the frame\'s page in its own tab.');
    const token = crypto.randomUUID();
    const { description } = await askContent(tabId, { type: 'markForUpload', ref, token }, frameId);
    const { root } = await this.#send<{ root: { nodeId: number } }>(tabId, 'DOM.getDocument', { depth: 0 });
    const { nodeId } = await this.#send<{ nodeId: number }>(tabId, 'DOM.querySelector', { nodeId: root.nodeId, selector: `[data-steward-upload="${token}"]` });
    if (!nodeId) throw new ToolError(`${ref} moved before the files could be set. Read the page again.`);
    await this.#send(tabId, 'DOM.setFileInputFiles', { nodeId, files: paths });
    await this.#send(tabId, 'DOM.removeAttribute', { nodeId, name: 'data-steward-upload' }).catch(() => undefined);
    return `${paths.length === 1 ? '1 file' : `${paths.length} files`} set on ${description}.`;
  }

  // Pointer and keyboard

  async click(tabId: number, point: Point, options: ClickOptions): Promise<void> {
    const send = await this.#front(tabId);
    await this.judgedPoints.verify(tabId, point, () => this.#layout(tabId));
    await input.click(send, point, options.button, options.clickCount, options.modifiers);
  }

  async mouseMove(tabId: number, point: Point, options: { leftButtonDown: boolean }): Promise<void> {
    const send = await this.#front(tabId);
    await input.mouse(send, 'mouseMoved', point, options.leftButtonDown ? { button: 'left', buttons: 1 } : {});
  }

  async mouseButton(tabId: number, point: Point, action: 'down' | 'up'): Promise<void> {
    const send = await this.#front(tabId);
    await this.judgedPoints.verify(tabId, point, () => this.#layout(tabId));
    await input.mouse(send, action === 'down' ? 'mousePressed' : 'mouseReleased', point, { button: 'left', buttons: action === 'down' ? 1 : 0, clickCount: 1 });
  }

  /**
   * A drag as a person makes it. Chromium does not start HTML5 drag and drop from synthetic
   * mouse events, so drags are intercepted: if the page starts one, its data is dropped at the
   * target with drag events; otherwise the pointer moves and releases as usual.
   */
  async drag(tabId: number, from: Point, to: Point, signal?: AbortSignal): Promise<void> {
    const send = await this.#front(tabId);
    let dragData: unknown;
    const unlisten = cdp.listen(tabId, (method, params) => {
      if (method === 'Input.dragIntercepted') dragData = params.data;
    });
    await send('Input.setInterceptDrags', { enabled: true });
    try {
      await input.mouse(send, 'mouseMoved', from);
      await input.mouse(send, 'mousePressed', from, { button: 'left', buttons: 1, clickCount: 1 });
      for (const point of input.path(from, to, DRAG_STEPS)) {
        if (signal?.aborted) throw signal.reason;
        await input.mouse(send, 'mouseMoved', point, { button: 'left', buttons: 1 });
        if (dragData) break;
      }
      if (dragData) {
        for (const type of ['dragEnter', 'dragOver', 'drop'] as const) {
          await send('Input.dispatchDragEvent', { type, x: to.x, y: to.y, data: dragData, modifiers: 0 });
        }
      }
      await input.mouse(send, 'mouseReleased', to, { button: 'left', buttons: 0, clickCount: 1 });
    } finally {
      unlisten();
      await send('Input.setInterceptDrags', { enabled: false }).catch(() => undefined);
    }
  }

  async wheel(tabId: number, point: Point, delta: Point): Promise<void> {
    const send = await this.#front(tabId);
    await input.mouse(send, 'mouseMoved', point);
    await send('Input.dispatchMouseEvent', { type: 'mouseWheel', x: point.x, y: point.y, deltaX: delta.x, deltaY: delta.y });
  }

  async pressKeys(tabId: number, strokes: KeyStroke[], signal?: AbortSignal): Promise<void> {
    const send = await this.#front(tabId);
    for (const stroke of strokes) {
      if (signal?.aborted) throw signal.reason;
      await input.press(send, stroke, this.platform);
    }
  }

  async holdKeys(tabId: number, stroke: KeyStroke, ms: number, signal?: AbortSignal): Promise<void> {
    const send = await this.#front(tabId);
    await input.withModifiers(send, stroke.modifiers, async () => {
      await input.keyDown(send, stroke, this.platform);
      try {
        await delay(ms, signal);
      } finally {
        await input.keyUp(send, stroke, this.platform);
      }
    });
  }

  async insertText(tabId: number, text: string): Promise<void> {
    const send = await this.#front(tabId);
    await send('Input.insertText', { text });
  }

  // DevTools

  async readConsole(tabId: number): Promise<string[]> {
    await this.attach(tabId);
    return drainConsole(tabId);
  }

  async readNetwork(tabId: number): Promise<string[]> {
    await this.attach(tabId);
    return drainNetwork(tabId);
  }

  async evaluate(tabId: number, expression: string): Promise<string> {
    const result = await this.#send<{ result: { type: string; value?: unknown; description?: string }; exceptionDetails?: { text: string; exception?: { description?: string } } }>(
      tabId,
      'Runtime.evaluate',
      { expression, returnByValue: true, awaitPromise: true, userGesture: true, timeout: 10_000, replMode: true },
    );
    if (result.exceptionDetails) {
      throw new ToolError(`The script threw: ${result.exceptionDetails.exception?.description ?? result.exceptionDetails.text}`);
    }
    const { value, type, description } = result.result;
    if (type === 'undefined') return 'undefined';
    if (value === undefined) return description ?? type;
    return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  }

  /** Stops listening and detaches from every tab of the task. */
  async release(): Promise<void> {
    for (const unlisten of this.#unlisten.splice(0)) unlisten();
    await Promise.all([...this.#attachedHere].map((id) => cdp.detach(id)));
    this.#attachedHere.clear();
  }
}
