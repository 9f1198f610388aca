import { ToolError } from '@anthropic-ai/sdk/helpers/beta/toolsets';
import type { FindCandidate, OpenDialog } from '../protocol/content';
import type { ClickOptions, Driver, NavigationResult, NavigationTarget, SnapshotRequest, StateChange, TabSummary } from './driver';
import type { Point, Size } from './geometry';
import type { KeyStroke } from './keys';
import { STALE_REFS } from './stale-refs';

/** A Driver that records what the toolset asks of it, for unit tests of the members. */
export class FakeDriver implements Driver {
  readonly platform = 'other' as const;
  readonly calls: Array<{ method: string; args: unknown[] }> = [];
  tabList: TabSummary[] = [{ id: 1, title: 'Start', url: 'http://localhost/start' }];
  current: number | undefined = 1;
  viewportSize: Size = { width: 1280, height: 800 };
  refs = new Map<string, { point: Point; description: string }>([['ref_1', { point: { x: 10, y: 20 }, description: 'button "Go"' }]]);
  changes: StateChange[] = [];
  #nextTab = 2;

  #record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }

  async tabs() {
    return this.tabList;
  }
  async currentTab() {
    return this.current;
  }
  async createTab() {
    const tab = { id: this.#nextTab++, title: '', url: 'about:blank' };
    this.tabList.push(tab);
    this.current = tab.id;
    this.changes.push({ type: 'tab_opened', tabId: tab.id });
    return tab;
  }
  async activateTab(tabId: number) {
    this.current = tabId;
    return this.tabList.find((tab) => tab.id === tabId)!;
  }
  async closeTab(tabId: number) {
    this.tabList = this.tabList.filter((tab) => tab.id !== tabId);
    if (this.current === tabId) this.current = this.tabList[0]?.id;
  }
  async drainStateChanges() {
    return this.changes.splice(0);
  }
  async navigate(tabId: number, target: NavigationTarget): Promise<NavigationResult> {
    this.#record('navigate', tabId, target);
    return { url: 'url' in target ? target.url : 'http://localhost/start', title: 'Page', status: 200 };
  }
  async viewport() {
    return { ...this.viewportSize, pageX: 0, pageY: 0 };
  }
  async capture(tabId: number, frame: Size) {
    this.#record('capture', tabId, frame);
    return { data: 'AAAA', mediaType: 'image/jpeg' as const };
  }
  async snapshot(tabId: number, request: SnapshotRequest) {
    this.#record('snapshot', tabId, request);
    return 'button "Go" [ref_1]';
  }
  async pageText() {
    return 'Hello';
  }
  async locate(_tabId: number, ref: string) {
    const found = this.refs.get(ref);
    if (!found) throw new ToolError(STALE_REFS.removed(ref));
    return found;
  }
  async setFormValue(tabId: number, ref: string, value: string | number | boolean) {
    await this.locate(tabId, ref);
    this.#record('setFormValue', tabId, ref, value);
    return `Set to ${JSON.stringify(value)}.`;
  }
  async click(tabId: number, point: Point, options: ClickOptions) {
    this.#record('click', tabId, point, options);
  }
  async wheel(tabId: number, point: Point, delta: Point) {
    this.#record('wheel', tabId, point, delta);
  }
  async pressKeys(tabId: number, strokes: KeyStroke[]) {
    this.#record('pressKeys', tabId, strokes.map((s) => [...s.modifiers, s.key.key].join('+')));
  }
  async insertText(tabId: number, text: string) {
    this.#record('insertText', tabId, text);
  }
  candidates: FindCandidate[] = [];
  dialogs: OpenDialog[] = [];
  async findCandidates() {
    return this.candidates;
  }
  async pageElements() {
    return { candidates: this.candidates, dialogs: this.dialogs };
  }
  async scrollTo(tabId: number, ref: string) {
    const found = await this.locate(tabId, ref);
    this.#record('scrollTo', tabId, ref);
    return found.description;
  }
  async uploadFiles(tabId: number, ref: string, paths: string[]) {
    this.#record('uploadFiles', tabId, ref, paths);
    return `${paths.length} files set.`;
  }
  async mouseMove(tabId: number, point: Point, options: { leftButtonDown: boolean }) {
    this.#record('mouseMove', tabId, point, options);
  }
  async mouseButton(tabId: number, point: Point, action: 'down' | 'up') {
    this.#record('mouseButton', tabId, point, action);
  }
  async drag(tabId: number, from: Point, to: Point) {
    this.#record('drag', tabId, from, to);
  }
  async holdKeys(tabId: number, stroke: KeyStroke, ms: number) {
    this.#record('holdKeys', tabId, [...stroke.modifiers, stroke.key.key].join('+'), ms);
  }
  async captureRegion(tabId: number, region: { x: number; y: number; width: number; height: number }, output: Size) {
    this.#record('captureRegion', tabId, region, output);
    return { data: 'BBBB', mediaType: 'image/jpeg' as const };
  }
  consoleLines: string[] = [];
  async readConsole() {
    return this.consoleLines.splice(0);
  }
  async readNetwork() {
    return [];
  }
  async evaluate(tabId: number, expression: string) {
    this.#record('evaluate', tabId, expression);
    return '42';
  }
}
