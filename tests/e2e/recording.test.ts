import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GifReader } from 'omggif';
import { beforeAll, expect, it } from 'vitest';
import { findRef, toolResultText, lastToolResults } from '../mock-anthropic/conversation';
import type { Script } from '../mock-anthropic/server';
import type { Recording } from '../../src/protocol/recording';
import type { TaskView } from '../../src/protocol/task';
import { fitFrame } from '../../sidepanel/gif-layout';
import { sendTask, type Steward, useConfiguredSteward } from './harness';

let steward: Steward;
let downloadDir: string;
useConfiguredSteward((launched) => (steward = launched), '/signup.html');

beforeAll(async () => {
  downloadDir = mkdtempSync(join(tmpdir(), 'steward-recordings-'));
});

/** Reads the sign-up form, then acts three times: fills Email, chooses the Pro plan, clicks "Submit". */
const signUp: Script = (request, { index }) => {
  if (index === 0) return { kind: 'tool_use', calls: [{ name: 'read_page', input: { filter: 'interactive' } }] };
  if (index === 1) {
    const page = toolResultText(lastToolResults(request)[0]!);
    return {
      kind: 'tool_use',
      calls: [
        { name: 'form_input', input: { target: { type: 'ref', ref: findRef(page, 'textbox', 'Email') }, value: 'ada@example.com' } },
        { name: 'form_input', input: { target: { type: 'ref', ref: findRef(page, 'combobox', 'Plan') }, value: 'Pro' } },
        { name: 'left_click', input: { target: { type: 'ref', ref: findRef(page, 'button', 'Submit') } } },
      ],
    };
  }
  return { kind: 'text', text: 'Signed up.' };
};
const ACTIONS = 3;

/** Asks the background, from the panel, as the panel itself does. */
async function ask<T>(message: Record<string, unknown>): Promise<T> {
  const reply = (await steward.panel.evaluate((m) => chrome.runtime.sendMessage(m), message)) as { ok: boolean; value: T };
  if (!reply.ok) throw new Error(JSON.stringify(reply));
  return reply.value;
}

async function finishedTask(): Promise<TaskView> {
  await steward.panel.waitForSelector('::-p-aria([name="Final answer"][role="region"])');
  const windowId = await steward.panel.evaluate(async () => (await chrome.windows.getCurrent()).id!);
  return ask<TaskView>({ type: 'task.current', windowId });
}

/** Clicks "Export recording" and returns the GIF the browser saved. */
async function exportRecording(): Promise<{ name: string; bytes: Buffer }> {
  const session = await steward.browser.target().createCDPSession();
  await session.send('Browser.setDownloadBehavior', { behavior: 'allowAndName', downloadPath: downloadDir, eventsEnabled: true });
  const begun = new Promise<{ guid: string; suggestedFilename: string }>((resolve) => session.once('Browser.downloadWillBegin', resolve));
  const completed = new Promise<string>((resolve, reject) =>
    session.on('Browser.downloadProgress', (event: { guid: string; state: string }) => {
      if (event.state === 'completed') resolve(event.guid);
      if (event.state === 'canceled') reject(new Error('The GIF download was canceled.'));
    }),
  );
  await steward.panel.locator('::-p-aria(Export recording)').click();
  const { guid, suggestedFilename } = await begun;
  expect(await completed).toBe(guid);
  await session.detach();
  return { name: suggestedFilename, bytes: readFileSync(join(downloadDir, guid)) };
}

it('a recorded task exports an animated GIF: one frame per action, its click point marked, a caption per step', async () => {
  steward.mock.setScript(signUp);
  await steward.panel.locator('::-p-aria([name="Record"][role="checkbox"])').click();
  await sendTask(steward, 'Sign me up as ada@example.com on the Pro plan.');
  const task = await finishedTask();
  expect(task.recording).toBe(true);

  const { frames } = await ask<Recording>({ type: 'recording.frames', taskId: task.id });
  expect(frames).toHaveLength(ACTIONS);
  expect(frames.map((frame) => frame.caption)).toEqual(['Set textbox "Email" to "ada@example.com"', 'Selected "Pro" in combobox "Plan"', 'Clicked button "Submit"']);
  expect(frames[0]!.point).toBeUndefined();
  const submit = frames[2]!;
  expect(submit.point).toBeDefined();
  // Where the GIF draws the Submit frame, and so its click point (frames of another size are fitted in).
  const fit = fitFrame(submit, frames[0]!);
  const marker = { x: fit.x + submit.point!.x * fit.scale, y: fit.y + submit.point!.y * fit.scale };

  const gif = await exportRecording();
  expect(gif.name).toBe(`steward-recording-${task.id}.gif`);
  expect(gif.bytes.subarray(0, 6).toString('latin1')).toBe('GIF89a');
  const reader = new GifReader(new Uint8Array(gif.bytes));
  expect(reader.numFrames()).toBe(ACTIONS);
  expect(reader.width).toBe(frames[0]!.width);
  expect(reader.height).toBeGreaterThan(frames[0]!.height);

  // The marker's red sits at the click point of the Submit frame, and not at that spot of the first frame (no point there).
  const pixelAt = (frameIndex: number, x: number, y: number) => {
    const pixels = new Uint8Array(reader.width * reader.height * 4);
    for (let i = 0; i <= frameIndex; i++) reader.decodeAndBlitFrameRGBA(i, pixels);
    const at = (Math.round(y) * reader.width + Math.round(x)) * 4;
    return [pixels[at]!, pixels[at + 1]!, pixels[at + 2]!];
  };
  const [r, g, b] = pixelAt(2, marker.x, marker.y);
  expect(r).toBeGreaterThan(190);
  expect(g).toBeLessThan(60);
  expect(b).toBeLessThan(60);
  const [r0, g0] = pixelAt(0, marker.x, marker.y);
  expect(r0! > 190 && g0! < 60).toBe(false);
});

it('a task without recording stores no frames and offers no export; the Record switch is off again for the next task', async () => {
  steward.mock.setScript(signUp);
  expect(await steward.panel.$eval('::-p-aria([name="Record"][role="checkbox"])', (box) => (box as HTMLInputElement).checked)).toBe(false);
  await sendTask(steward, 'Sign me up as ada@example.com on the Pro plan.');
  const task = await finishedTask();
  expect(task.recording).toBeUndefined();
  expect((await ask<Recording>({ type: 'recording.frames', taskId: task.id })).frames).toEqual([]);
  expect(await steward.panel.$('::-p-aria(Export recording)')).toBeNull();
});
