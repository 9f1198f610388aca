import type { KeyStroke, Modifier, Platform } from './keys';
import type { Point, Size } from './geometry';

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

  /** The viewport in CSS pixels: the frame that clicks and screenshots share. */
  viewport(tabId: number): Promise<Size>;
  /** A JPEG of the viewport at exactly `frame` pixels. */
  capture(tabId: number, frame: Size, signal?: AbortSignal): Promise<{ data: string; mediaType: 'image/jpeg' }>;

  snapshot(tabId: number, request: SnapshotRequest): Promise<string>;
  pageText(tabId: number, maxChars: number): Promise<string>;
  /**
   * Scrolls the element into view and returns the CSS point a person would click: its visible
   * centre, checked to be on top there. Throws for a stale ref or a covered element.
   */
  locate(tabId: number, ref: string): Promise<LocatedElement>;
  setFormValue(tabId: number, ref: string, value: string | number | boolean): Promise<string>;

  click(tabId: number, point: Point, options: ClickOptions): Promise<void>;
  wheel(tabId: number, point: Point, delta: Point): Promise<void>;
  pressKeys(tabId: number, strokes: KeyStroke[], signal?: AbortSignal): Promise<void>;
  insertText(tabId: number, text: string): Promise<void>;
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
  | { type: 'dialog_dismissed'; kind: string; message?: string };

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
}

export interface ClickOptions {
  button: 'left' | 'right' | 'middle';
  clickCount: number;
  modifiers: Modifier[];
}
