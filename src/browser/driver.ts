import type { FindCandidate, OpenDialog } from '../protocol/content';
import type { Layout, Point, Size } from './geometry';
import type { KeyStroke, Modifier, Platform } from './keys';

export interface PageElements {
  candidates: FindCandidate[];
  dialogs: OpenDialog[];
}

/**
 * The Driver port: what the browser toolset needs from a real browser, and nothing about how.
 * background/ implements it with chrome.* (tabs, chrome.debugger, content scripts); unit tests
 * implement it with fakes. Every method throws `ToolError` for a failure the model can act on.
 */
export interface Driver {
  readonly platform: Platform;

  /** The task's tabs, in tab-strip order. */
  tabs(): Promise<TabSummary[]>;
  /** The tab that members without a tab_id act on, or undefined when the task has none open. */
  currentTab(): Promise<number | undefined>;
  createTab(signal?: AbortSignal): Promise<TabSummary>;
  activateTab(tabId: number): Promise<TabSummary>;
  closeTab(tabId: number): Promise<void>;
  /** Changes since the last call: tabs the task opened, downloads, dismissed dialogs. */
  drainStateChanges(): Promise<StateChange[]>;

  navigate(tabId: number, target: NavigationTarget, signal?: AbortSignal): Promise<NavigationResult>;

  /** The viewport in CSS pixels, and its scroll offset on the page: the frame that clicks and screenshots share. */
  viewport(tabId: number): Promise<Layout>;
  /** The viewport (CSS pixels) the last screenshot of the tab's current page showed, if this driver took one. */
  screenshotViewport?(tabId: number): Promise<Size | undefined>;
  /** A JPEG of the viewport at exactly `frame` pixels. */
  capture(tabId: number, frame: Size, signal?: AbortSignal): Promise<{ data: string; mediaType: 'image/jpeg' }>;

  snapshot(tabId: number, request: SnapshotRequest): Promise<string>;
  /** Everything find may rank, across the tab's frames, with refs. */
  findCandidates(tabId: number, limit: number): Promise<FindCandidate[]>;
  /** The same candidates, and the dialogs open in the same frames, from one read: what a routine's replay looks at before each step. */
  pageElements(tabId: number, limit: number): Promise<PageElements>;
  /**
   * Watches the tab for its page to move on: `changed` resolves at the next navigation commit,
   * DOMContentLoaded or load event of its top frame (never rejects); `stop` lets go. For whoever
   * waits for a page to become what it expects, so it looks again at once rather than on its next poll.
   */
  watchPage?(tabId: number): { changed: Promise<void>; stop(): void };
  pageText(tabId: number, maxChars: number): Promise<string>;
  /**
   * Scrolls the element into view and returns the CSS point a person would click: its visible
   * centre, checked to be on top there. Throws for a stale ref or a covered element.
   */
  locate(tabId: number, ref: string): Promise<LocatedElement>;
  /** Scrolls the element into view without acting on it; returns how a person would name it. */
  scrollTo(tabId: number, ref: string): Promise<string>;
  setFormValue(tabId: number, ref: string, value: string | number | boolean): Promise<string>;
  /** Puts files into a file input; `paths` are already checked by the file policy. */
  uploadFiles(tabId: number, ref: string, paths: string[]): Promise<string>;

  click(tabId: number, point: Point, options: ClickOptions): Promise<void>;
  mouseMove(tabId: number, point: Point, options: { leftButtonDown: boolean }): Promise<void>;
  mouseButton(tabId: number, point: Point, action: 'down' | 'up'): Promise<void>;
  /** Press at `from`, move to `to`, release; HTML5 drag and drop included. */
  drag(tabId: number, from: Point, to: Point, signal?: AbortSignal): Promise<void>;
  wheel(tabId: number, point: Point, delta: Point): Promise<void>;
  pressKeys(tabId: number, strokes: KeyStroke[], signal?: AbortSignal): Promise<void>;
  /** Holds the chord down for `ms`, then releases it, even when aborted. */
  holdKeys(tabId: number, stroke: KeyStroke, ms: number, signal?: AbortSignal): Promise<void>;
  insertText(tabId: number, text: string): Promise<void>;

  /** A JPEG of a region of the viewport (CSS pixels), scaled to `output` pixels. */
  captureRegion(tabId: number, region: { x: number; y: number; width: number; height: number }, output: Size, signal?: AbortSignal): Promise<{ data: string; mediaType: 'image/jpeg' }>;
  /** Console entries and network requests recorded since the last read. */
  readConsole(tabId: number): Promise<string[]>;
  readNetwork(tabId: number): Promise<string[]>;
  /** Evaluates an expression in the page's main world and returns its value as text. */
  evaluate(tabId: number, expression: string, signal?: AbortSignal): Promise<string>;
}

export interface TabSummary {
  id: number;
  title: string;
  url: string;
}

export type NavigationTarget = { url: string } | { history: 'back' | 'forward' | 'reload' };

export interface NavigationResult {
  url: string;
  title?: string;
  status?: number;
}

export type StateChange =
  | { type: 'tab_opened'; tabId: number }
  | { type: 'dialog_dismissed'; kind: string; message?: string }
  | { type: 'download_started'; downloadId: string; url: string }
  | { type: 'download_completed'; downloadId: string; url: string; sizeBytes?: number }
  | { type: 'download_failed'; downloadId: string; url: string; error?: string };

export interface SnapshotRequest {
  filter: 'visible' | 'interactive' | 'all';
  depth: number;
  ref?: string;
  maxChars: number;
}

export interface LocatedElement {
  point: Point;
  /** How a person would name it: `button "Submit"`. */
  description: string;
  /** Its visible box in the top frame's viewport (CSS pixels), when known. */
  box?: { x: number; y: number; width: number; height: number } | undefined;
}

export interface ClickOptions {
  button: 'left' | 'right' | 'middle';
  clickCount: number;
  modifiers: Modifier[];
}
