import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { findRef, toolResultText } from '../mock-anthropic/conversation';
import type { Script } from '../mock-anthropic/server';
import { evaluateInWorker, gate, sendTask, type Steward, useConfiguredSteward } from './harness';

let steward: Steward;
let downloadDir: string;
useConfiguredSteward((launched) => (steward = launched), '/hard/download.html');

beforeAll(async () => {
  // Let Chromium save downloads somewhere this test can look, as a desktop Chrome would.
  downloadDir = mkdtempSync(join(tmpdir(), 'steward-task-downloads-'));
  const session = await steward.browser.target().createCDPSession();
  await session.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloadDir, eventsEnabled: true });
});

/** Reads the page and clicks "Download notes", then holds its answer until the test has decided. */
function downloadScript(decided: Promise<void>): Script {
  return (request, { index }) => {
    if (index === 0) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
    if (index === 1) {
      const read = request.messages.flatMap((m) => (Array.isArray(m.content) ? m.content : [])).find((b) => b.type === 'tool_result');
      return { kind: 'tool_use', calls: [{ name: 'left_click', input: { target: { type: 'ref', ref: findRef(toolResultText(read as never), 'link', 'Download notes') } } }] };
    }
    return { kind: 'text', text: 'Clicked the download link.', pause: decided };
  };
}

async function lastDownload(): Promise<{ state: string; exists: boolean; error?: string }> {
  return (await evaluateInWorker(steward, 'chrome.downloads.search({ orderBy: ["-startTime"], limit: 1 }).then(([d]) => ({ state: d.state, exists: d.exists, error: d.error }))')) as never;
}

/** Resolves when the newest download is in `state`: at once if it is, else on chrome.downloads.onChanged. */
async function waitForDownloadState(state: string): Promise<{ state: string; exists: boolean; error?: string }> {
  await evaluateInWorker(
    steward,
    `new Promise((resolve) => {
      const check = () => chrome.downloads.search({ orderBy: ["-startTime"], limit: 1 }).then(([d]) => { if (d && d.state === ${JSON.stringify(state)}) resolve(true); });
      chrome.downloads.onChanged.addListener(check);
      check();
    })`,
  );
  return lastDownload();
}

it('a download the page starts waits for the user; refused, the file does not stay on disk', async () => {
  const decided = gate();
  steward.mock.setScript(downloadScript(decided.promise));
  const before = readdirSync(downloadDir).length;
  await sendTask(steward, 'Download the notes.');
  const card = await steward.panel.waitForSelector('::-p-aria([name="Approval needed"][role="alertdialog"])');
  expect(await card!.evaluate((el) => (el as HTMLElement).innerText)).toMatch(/Keep the download notes\.txt[\s\S]*download\/notes\.txt[\s\S]*Files reach your computer only with your yes/);
  expect(await steward.panel.$('::-p-aria(Take over)')).toBeNull();
  await steward.panel.locator('::-p-aria(Reject)').click();
  decided.release();
  await steward.panel.waitForSelector('::-p-text(Clicked the download link.)');

  const download = await lastDownload();
  expect(download.state === 'interrupted' || !download.exists, JSON.stringify(download)).toBe(true);
  expect(readdirSync(downloadDir).filter((name) => !name.endsWith('.crdownload'))).toHaveLength(before);
  const audit = await steward.panel.evaluate(() => chrome.runtime.sendMessage({ type: 'audit.list' }));
  expect((audit as { value: Array<{ member: string; decision: string }> }).value[0]).toMatchObject({ member: 'download', decision: 'rejected' });
});

it('approved, the download completes and the file stays', async () => {
  const decided = gate();
  steward.mock.setScript(downloadScript(decided.promise));
  await sendTask(steward, 'Download the notes.');
  await steward.panel.waitForSelector('::-p-aria([name="Approval needed"][role="alertdialog"])');
  await steward.panel.locator('::-p-aria(Approve)').click();
  const download = await waitForDownloadState('complete');
  expect(download.exists).toBe(true);
  decided.release();
  await steward.panel.waitForSelector('::-p-text(Clicked the download link.)');
  expect(readdirSync(downloadDir).filter((name) => /^notes.*\.txt$/.test(name))).toHaveLength(1);
});
