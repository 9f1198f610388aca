import { ToolError } from '@anthropic-ai/sdk/helpers/beta/toolsets';
import type { ClickOptions, Driver, LocatedElement, NavigationResult, NavigationTarget, PageElements, SnapshotRequest, StateChange, TabSummary } from '../../src/browser/driver';
import { cropAround, type Layout, type Point, type Size } from '../../src/browser/geometry';
import type { KeyStroke, Platform } from '../../src/browser/keys';
import type { FindCandidate } from '../../src/protocol/content';
import { emulateFocus, keepBehind } from './background-tabs';
import * as cdp from './cdp';
import { askContent } from './content-bridge';
import { drainConsole, drainNetwork, evaluateInPage, recordDevtoolsEvent } from './devtools-log';
import { listenForDownloads } from './downloads';
import { JudgedPoints } from './judged-points';
import { frameOfRef, hasFrameOfAnotherSite, revealFrame, type TabFrames, toTopPoint } from './frames';
import * as input from './input';
import { outlineTarget } from './image';
import { navigateWithCdp, navigateWithTabsApi, watchPage } from './navigation';
import { captureClip, layoutOf, type ZoomedLayout } from './page-capture';
import { PageReader } from './page-reader';

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
  /**
   * Never bring a tab to the front (a routine's run, in a window of its own): the task works in
   * background tabs, visible to their pages through focus emulation, so its input never gives
   * its window the user's focus (background-tabs.ts says why).
   */
  background?: boolean | undefined;
}

const DRAG_STEPS = 8;

export class ChromeDriver implements Driver {
  readonly #tabs: TaskTabs;
  readonly #persist: () => Promise<void>;
  readonly #options: DriverOptions;
  readonly #changes: StateChange[] = [];
  readonly #unlisten: Array<() => void> = [];
  readonly #attachedHere = new Set<number>();
  /** Background tabs whose current debugger session has focus emulation on. */
  readonly #emulatingFocus = new Set<number>();
  readonly #reader: PageReader;
  /** What the policy judged under a coordinate: a press there checks it is still what it hits. */
  readonly judgedPoints = new JudgedPoints();
  readonly #screenshotViewports = new Map<number, Size & { url: string | undefined }>();

  constructor(readonly platform: Platform, tabs: TaskTabs, persist: () => Promise<void>, options: DriverOptions = { devtoolsLog: false }) {
    this.#tabs = tabs;
    this.#persist = persist;
    this.#options = options;
    this.#reader = new PageReader(tabs, persist);
    this.#unlisten.push(
      cdp.onDetach((tabId) => this.#emulatingFocus.delete(tabId)),
      listenForDownloads({
        report: (change) => this.report(change),
        showsOrigin: async (origin) => (await this.tabs()).some((tab) => tab.url.startsWith(`${origin}/`) || tab.url === origin),
        ...(options.approveDownload ? { approve: options.approveDownload } : {}),
      }),
    );
    // Reading a background tab does not go through the debugger: its page is made visible at once.
    if (options.background && tabs.currentTabId !== undefined) void this.attach(tabs.currentTabId).catch(() => undefined);
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
    // A page's new tab comes to the front of its window: a background task sends it behind at once.
    if (this.#options.background) await this.#front(tabId).catch(() => undefined);
  }

  /** Attaches on first use and starts handling what would otherwise block the agent: native dialogs. */
  async attach(tabId: number): Promise<void> {
    await cdp.ensureAttached(tabId);
    if (this.#options.background && !this.#emulatingFocus.has(tabId)) {
      this.#emulatingFocus.add(tabId);
      await emulateFocus((method, params) => cdp.send(tabId, method, params)).catch((error: unknown) => {
        this.#emulatingFocus.delete(tabId);
        throw error;
      });
    }
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

  /**
   * Input reaches only a visible tab. An ordinary task brings its tab to the front; a background
   * one keeps it behind, visible through focus emulation (set on attach).
   */
  async #front(tabId: number): Promise<input.Send> {
    const tab = await chrome.tabs.get(tabId).catch(() => undefined);
    if (!tab) throw new ToolError('That tab is closed. Call list_tabs to see the open ones.');
    if (this.#options.background) await keepBehind(tab, (id) => this.owns(id));
    else if (!tab.active) await chrome.tabs.update(tabId, { active: true });
    await this.attach(tabId);
    return this.#sender(tabId);
  }

  #frames(tabId: number): TabFrames {
    return this.#reader.frames(tabId);
  }

  // Tabs

  async tabs(): Promise<TabSummary[]> {
    const open: TabSummary[] = [];
    for (const id of this.#tabs.tabIds) {
      const tab = await chrome.tabs.get(id).catch(() => undefined);
      if (tab?.id !== undefined) open.push({ id: tab.id, title: tab.title ?? '', url: tab.url || tab.pendingUrl || '' });
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
    const tab = await chrome.tabs.create({ windowId: this.#tabs.windowId, url: 'about:blank', active: !this.#options.background });
    if (tab.id === undefined) throw new ToolError('Chrome did not open the tab.');
    this.#tabs.tabIds.push(tab.id);
    this.#tabs.currentTabId = tab.id;
    if (this.#tabs.groupId !== undefined) await chrome.tabs.group({ groupId: this.#tabs.groupId, tabIds: [tab.id] }).catch(() => undefined);
    this.#changes.push({ type: 'tab_opened', tabId: tab.id });
    await this.#persist();
    if (this.#options.background) await this.attach(tab.id).catch(() => undefined);
    return { id: tab.id, title: tab.title ?? '', url: tab.url ?? '' };
  }

  async activateTab(tabId: number): Promise<TabSummary> {
    // A background task's current tab stays behind: "active" is the task's, not the window's.
    const tab = this.#options.background ? await chrome.tabs.get(tabId) : await chrome.tabs.update(tabId, { active: true });
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
      return navigateWithTabsApi(tabId, target, signal);
    }
    return navigateWithCdp(tabId, this.#sender(tabId), target, signal);
  }

  // Reading

  async #layout(tabId: number): Promise<ZoomedLayout> {
    return layoutOf(this.#sender(tabId));
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

  async #capture(tabId: number, layout: ZoomedLayout, region: { x: number; y: number; width: number; height: number }, scale: number): Promise<string> {
    return captureClip(this.#sender(tabId), layout, region, scale);
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

  async snapshot(tabId: number, request: SnapshotRequest): Promise<string> {
    return this.#reader.snapshot(tabId, request);
  }

  async findCandidates(tabId: number, limit: number): Promise<FindCandidate[]> {
    return this.#reader.findCandidates(tabId, limit);
  }

  async pageElements(tabId: number, limit: number): Promise<PageElements> {
    return this.#reader.pageElements(tabId, limit);
  }

  watchPage(tabId: number): { changed: Promise<void>; stop(): void } {
    return watchPage(tabId);
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
    await input.click(send, point, options.button, options.clickCount, options.modifiers, await hasFrameOfAnotherSite(tabId));
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

  /** A drag as a person makes it (input.drag says how drag and drop is handled). */
  async drag(tabId: number, from: Point, to: Point, signal?: AbortSignal): Promise<void> {
    const send = await this.#front(tabId);
    await input.drag(send, tabId, from, to, DRAG_STEPS, signal);
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
    await input.hold(send, stroke, this.platform, ms, signal);
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
    return evaluateInPage(this.#sender(tabId), expression);
  }

  /** Stops listening and detaches from every tab of the task. */
  async release(): Promise<void> {
    for (const unlisten of this.#unlisten.splice(0)) unlisten();
    await Promise.all([...this.#attachedHere].map((id) => cdp.detach(id)));
    this.#attachedHere.clear();
  }
}
