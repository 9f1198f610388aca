import type { PanelPush } from '../protocol/panel';
import type { TaskRecord } from '../store/tasks';

/**
 * What a task session needs from the platform, the way the toolset needs a `Driver`: the browser
 * extension implements it with chrome.* and IndexedDB (background/chrome-host.ts), the unit tests
 * with a fake (src/session/fake-host.ts).
 */
export interface SessionHost {
  /** Writes a task's record where it survives the worker (the task store). */
  persist(record: TaskRecord): Promise<void>;
  /** Sends to the panels open in one window. */
  publish(windowId: number, push: PanelPush): void;
  /** The toolbar's mark while some task waits for the user, so a closed panel still tells. */
  setWaiting(waiting: boolean): Promise<void>;
  /** Keeps the worker alive while tasks run, and wakes a stopped one so they resume. */
  keepAlive(running: boolean): void;
  /** Whether a browser window is still open: window ids do not survive a browser restart. */
  windowExists(windowId: number): Promise<boolean>;
  /** Lets go of a download whose question was never answered: unanswered, the file does not stay. */
  refuseDownload(downloadId: number): Promise<void>;
  /** A small image for the timeline, from a tool result's screenshot; undefined when it cannot be made. */
  thumbnail(data: string, mediaType: string): Promise<string | undefined>;
  now(): number;
  newId(): string;
}
