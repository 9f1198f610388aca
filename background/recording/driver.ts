import type { ClickOptions, LocatedElement, NavigationResult, NavigationTarget } from '../../src/browser/driver';
import type { Point } from '../../src/browser/geometry';
import type { KeyStroke, Platform } from '../../src/browser/keys';
import type { TaskRecord } from '../../src/store/tasks';
import { ChromeDriver, type DriverOptions, type TaskTabs } from '../driver/chrome-driver';
import { addFrame } from './store';

/** Recorded frames are at most this wide: enough to read a page in a GIF, small enough to keep 60 of. */
const FRAME_WIDTH = 640;

/**
 * The driver of a task the user chose to record: the same driver, plus one screenshot per action
 * (click, drag, scroll, typing, keys, form filling, navigation), kept with a caption and, for pointer
 * actions, the point acted on. Pointer actions are captured just before they happen, with the point
 * marked; the others just after, showing their effect. A screenshot that fails never fails the
 * action: the recording only misses that frame.
 */
export class RecordingDriver extends ChromeDriver {
  /** What the last located ref was, to name what a click at its point acts on. */
  #located: LocatedElement | undefined;
  #full = false;

  constructor(
    private readonly taskId: string,
    ...driver: ConstructorParameters<typeof ChromeDriver>
  ) {
    super(...driver);
  }

  override async locate(tabId: number, ref: string): Promise<LocatedElement> {
    const located = await super.locate(tabId, ref);
    this.#located = located;
    return located;
  }

  override async click(tabId: number, point: Point, options: ClickOptions): Promise<void> {
    const verb = options.button === 'right' ? 'Right-clicked' : options.clickCount === 2 ? 'Double-clicked' : options.clickCount === 3 ? 'Triple-clicked' : 'Clicked';
    await this.#record(tabId, `${verb} ${this.#named(point)}`, point);
    return super.click(tabId, point, options);
  }

  override async drag(tabId: number, from: Point, to: Point, signal?: AbortSignal): Promise<void> {
    await this.#record(tabId, `Dragged from (${Math.round(from.x)}, ${Math.round(from.y)}) to (${Math.round(to.x)}, ${Math.round(to.y)})`, from);
    return super.drag(tabId, from, to, signal);
  }

  override async wheel(tabId: number, point: Point, delta: Point): Promise<void> {
    await super.wheel(tabId, point, delta);
    await this.#record(tabId, `Scrolled ${delta.y > 0 ? 'down' : delta.y < 0 ? 'up' : delta.x > 0 ? 'right' : 'left'}`, point);
  }

  override async insertText(tabId: number, text: string): Promise<void> {
    await super.insertText(tabId, text);
    // Never the text itself: it may be a password.
    await this.#record(tabId, `Typed ${text.length} character${text.length === 1 ? '' : 's'}`);
  }

  override async pressKeys(tabId: number, strokes: KeyStroke[], signal?: AbortSignal): Promise<void> {
    await super.pressKeys(tabId, strokes, signal);
    const keys = strokes.map((stroke) => [...stroke.modifiers, stroke.key.key].join('+'));
    await this.#record(tabId, `Pressed ${keys.length > 3 ? `${keys.slice(0, 3).join(', ')}…` : keys.join(', ')}`);
  }

  override async setFormValue(tabId: number, ref: string, value: string | number | boolean): Promise<string> {
    const message = await super.setFormValue(tabId, ref, value);
    // The content script's message hides passwords ('Set textbox "Password" to (hidden).').
    await this.#record(tabId, message.replace(/\.$/, ''));
    return message;
  }

  override async navigate(tabId: number, target: NavigationTarget, signal?: AbortSignal): Promise<NavigationResult> {
    const result = await super.navigate(tabId, target, signal);
    const words = 'url' in target ? `Opened ${result.url}` : target.history === 'reload' ? 'Reloaded the page' : `Went ${target.history}`;
    await this.#record(tabId, words);
    return result;
  }

  #named(point: Point): string {
    const located = this.#located;
    if (located && Math.abs(located.point.x - point.x) < 1 && Math.abs(located.point.y - point.y) < 1) return located.description;
    return `at (${Math.round(point.x)}, ${Math.round(point.y)})`;
  }

  async #record(tabId: number, caption: string, point?: Point): Promise<void> {
    if (this.#full) return;
    try {
      const viewport = await this.viewport(tabId);
      const scale = Math.min(1, FRAME_WIDTH / viewport.width);
      const frame = { width: Math.max(1, Math.round(viewport.width * scale)), height: Math.max(1, Math.round(viewport.height * scale)) };
      const shot = await this.capture(tabId, frame);
      const kept = await addFrame(this.taskId, {
        jpeg: shot.data,
        ...frame,
        ...(point ? { point: { x: point.x * scale, y: point.y * scale } } : {}),
        caption: caption.length > 120 ? `${caption.slice(0, 119)}…` : caption,
        at: Date.now(),
      });
      if (!kept) this.#full = true;
    } catch (error) {
      console.warn('Steward could not record a frame', error);
    }
  }
}

/** The driver for a task: recording its actions when the user turned recording on for it. */
export function taskDriver(record: TaskRecord, platform: Platform, tabs: TaskTabs, persist: () => Promise<void>, given: DriverOptions): ChromeDriver {
  // An unattended task (a routine's run) must never take the user's focus: it works in background tabs.
  const options = { ...given, background: record.unattended === true };
  return record.recording ? new RecordingDriver(record.id, platform, tabs, persist, options) : new ChromeDriver(platform, tabs, persist, options);
}
