import { editingCommands, type KeyStroke, modifierMask, type Modifier, type Platform } from '../../src/browser/keys';
import type { Point } from '../../src/browser/geometry';
import { listen } from './cdp';
import { delay } from '../../src/browser/context';

/** Sends one CDP command to the tab the caller has already attached to. */
export type Send = <T = Record<string, unknown>>(method: string, params?: object) => Promise<T>;

const BUTTON_MASK = { none: 0, left: 1, right: 2, middle: 4 } as const;

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

/** Presses the modifiers, runs `body`, and releases them in reverse order whatever happens. */
export async function withModifiers<T>(send: Send, modifiers: Modifier[], body: () => Promise<T>): Promise<T> {
  const mask = modifierMask(modifiers);
  const pressed: Modifier[] = [];
  try {
    for (const modifier of modifiers) {
      await send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...modifierKey(modifier), modifiers: mask });
      pressed.push(modifier);
    }
    return await body();
  } finally {
    for (const modifier of pressed.reverse()) {
      await send('Input.dispatchKeyEvent', { type: 'keyUp', ...modifierKey(modifier), modifiers: 0 }).catch(() => undefined);
    }
  }
}

export async function mouse(
  send: Send,
  type: 'mouseMoved' | 'mousePressed' | 'mouseReleased',
  point: Point,
  options: { button?: 'none' | 'left' | 'right' | 'middle'; buttons?: number; clickCount?: number; modifiers?: number } = {},
): Promise<void> {
  await send('Input.dispatchMouseEvent', {
    type,
    x: point.x,
    y: point.y,
    button: options.button ?? 'none',
    buttons: options.buttons ?? 0,
    clickCount: options.clickCount ?? 0,
    modifiers: options.modifiers ?? 0,
  });
}

/**
 * A click as a person makes it: the pointer moves there, then presses and releases.
 *
 * Unless `awaitMove`, the move is not waited for before the press. Chromium hands a mouse move to
 * the page at its next frame, and a background tab (a routine's run, background-tabs.ts) whose page
 * has asked for a frame (a caret after typing) draws its next one only about a second later:
 * waiting for the move's answer cost every click after typing that second. The press, sent next on
 * the same debugger session, makes the page take the queued move first, so the page still sees the
 * move before the press, as in a front tab.
 *
 * A page with a frame of another site is the exception (`awaitMove`): that frame runs in its own
 * renderer, and a background tab has drawn nothing Chromium could route input by, so Chromium asks
 * the page which frame is under the pointer. A press that arrives while the move's answer is still
 * on its way can then reach no frame at all: under load the click was lost in about one run in two.
 */
export async function click(send: Send, point: Point, button: 'left' | 'right' | 'middle', clickCount: number, modifiers: Modifier[], awaitMove = false): Promise<void> {
  const mask = modifierMask(modifiers);
  await withModifiers(send, modifiers, async () => {
    const moved = mouse(send, 'mouseMoved', point, { modifiers: mask });
    // Its failure is reported below, once the press has been sent after it.
    moved.catch(() => undefined);
    if (awaitMove) await moved;
    // A double click is two presses with rising click counts, as the OS reports them.
    for (let count = 1; count <= clickCount; count++) {
      await mouse(send, 'mousePressed', point, { button, buttons: BUTTON_MASK[button], clickCount: count, modifiers: mask });
      await mouse(send, 'mouseReleased', point, { button, buttons: 0, clickCount: count, modifiers: mask });
    }
    await moved;
  });
}

/** Points between two, so pages that track pointer movement see a path, not a jump. */
export function path(from: Point, to: Point, steps: number): Point[] {
  return Array.from({ length: steps }, (_, i) => ({ x: from.x + ((to.x - from.x) * (i + 1)) / steps, y: from.y + ((to.y - from.y) * (i + 1)) / steps }));
}

function keyEvent(stroke: KeyStroke, type: 'keyDown' | 'rawKeyDown' | 'keyUp', platform: Platform): Record<string, unknown> {
  const types = type === 'keyDown';
  return {
    type,
    key: stroke.key.key,
    code: stroke.key.code,
    windowsVirtualKeyCode: stroke.key.keyCode,
    nativeVirtualKeyCode: stroke.key.keyCode,
    ...(types ? { text: stroke.key.text, unmodifiedText: stroke.key.text } : {}),
    ...(stroke.key.location ? { location: stroke.key.location } : {}),
    modifiers: modifierMask(stroke.modifiers),
    ...(type !== 'keyUp' ? { commands: editingCommands(stroke, platform) } : {}),
  };
}

/** A chord with ctrl, alt or meta types no character: it is a command. */
function typesText(stroke: KeyStroke): boolean {
  return stroke.key.text !== undefined && !stroke.modifiers.some((m) => m !== 'Shift');
}

export async function keyDown(send: Send, stroke: KeyStroke, platform: Platform, autoRepeat = false): Promise<void> {
  await send('Input.dispatchKeyEvent', { ...keyEvent(stroke, typesText(stroke) ? 'keyDown' : 'rawKeyDown', platform), autoRepeat });
}

export async function keyUp(send: Send, stroke: KeyStroke, platform: Platform): Promise<void> {
  await send('Input.dispatchKeyEvent', keyEvent(stroke, 'keyUp', platform));
}

export async function press(send: Send, stroke: KeyStroke, platform: Platform): Promise<void> {
  await withModifiers(send, stroke.modifiers, async () => {
    await keyDown(send, stroke, platform);
    await keyUp(send, stroke, platform);
  });
}

/**
 * A drag as a person makes it. Chromium does not start HTML5 drag and drop from synthetic
 * mouse events, so drags are intercepted: if the page starts one, its data is dropped at the
 * target with drag events; otherwise the pointer moves and releases as usual.
 */
export async function drag(send: Send, tabId: number, from: Point, to: Point, steps: number, signal?: AbortSignal): Promise<void> {
  let dragData: unknown;
  const unlisten = listen(tabId, (method, params) => {
    if (method === 'Input.dragIntercepted') dragData = params.data;
  });
  await send('Input.setInterceptDrags', { enabled: true });
  try {
    await mouse(send, 'mouseMoved', from);
    await mouse(send, 'mousePressed', from, { button: 'left', buttons: 1, clickCount: 1 });
    for (const point of path(from, to, steps)) {
      if (signal?.aborted) throw signal.reason;
      await mouse(send, 'mouseMoved', point, { button: 'left', buttons: 1 });
      if (dragData) break;
    }
    if (dragData) {
      for (const type of ['dragEnter', 'dragOver', 'drop'] as const) {
        await send('Input.dispatchDragEvent', { type, x: to.x, y: to.y, data: dragData, modifiers: 0 });
      }
    }
    await mouse(send, 'mouseReleased', to, { button: 'left', buttons: 0, clickCount: 1 });
  } finally {
    unlisten();
    await send('Input.setInterceptDrags', { enabled: false }).catch(() => undefined);
  }
}

/** Holds a key (with its modifiers) down for `ms`, then releases it whatever happens. */
export async function hold(send: Send, stroke: KeyStroke, platform: Platform, ms: number, signal?: AbortSignal): Promise<void> {
  await withModifiers(send, stroke.modifiers, async () => {
    await keyDown(send, stroke, platform);
    try {
      await delay(ms, signal);
    } finally {
      await keyUp(send, stroke, platform);
    }
  });
}
