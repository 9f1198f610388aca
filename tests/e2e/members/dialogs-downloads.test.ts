import { DOWNLOAD_BODY } from '../../fixtures/server';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { findRef } from '../../mock-anthropic/conversation';
import { browserStateOf, gotoFixture, launchSteward, type MemberResult, runMember, type Steward } from '../harness';

let steward: Steward;

beforeAll(async () => {
  steward = await launchSteward();
  // Let Chromium save downloads somewhere writable, as a desktop Chrome would.
  const session = await steward.browser.target().createCDPSession();
  await session.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: mkdtempSync(join(tmpdir(), 'steward-downloads-')) });
});
afterAll(() => steward?.close());
beforeEach(async () => {
  steward.fixtures.effects.clear();
  await gotoFixture(steward, '/hard/dialogs.html');
});

const run = (name: string, input: Record<string, unknown> = {}) => runMember(steward, steward.page, name, input);
const ref = (value: string) => ({ type: 'ref', ref: value });

async function clickButton(name: string): Promise<{ result: MemberResult; elapsed: number }> {
  const { text } = await run('read_page');
  const started = Date.now();
  const result = await run('left_click', { target: ref(findRef(text, 'button', name)) });
  return { result, elapsed: Date.now() - started };
}

it('an alert never blocks: it is dismissed and reported, and the page carries on', async () => {
  const { result, elapsed } = await clickButton('Show alert');
  expect(elapsed).toBeLessThan(15_000);
  expect(result.text).toMatch(/An? alert dialog "Your changes were saved\." was dismissed\./);
  await steward.fixtures.waitForEffect('alert-returned', 1);
});

it('a confirm is dismissed (the page gets false) and reported', async () => {
  const { result, elapsed } = await clickButton('Ask confirm');
  expect(elapsed).toBeLessThan(15_000);
  expect(result.text).toContain('A confirm dialog "Delete everything?" was dismissed.');
  await steward.fixtures.waitForEffect('confirm:false', 1);
});

it('a prompt is dismissed (the page gets null) and reported', async () => {
  const { result, elapsed } = await clickButton('Ask prompt');
  expect(elapsed).toBeLessThan(15_000);
  expect(result.text).toContain('A prompt dialog "What is your name?" was dismissed.');
  await steward.fixtures.waitForEffect('prompt:null', 1);
});

it('a beforeunload prompt does not block navigation and is reported', async () => {
  await clickButton('Warn before leaving');
  await steward.fixtures.waitForEffect('armed', 1);
  const started = Date.now();
  const result = await run('navigate', { url: `${steward.fixtures.url}/hard/article.html` });
  expect(Date.now() - started).toBeLessThan(20_000);
  expect(result.text).toMatch(/beforeunload dialog.*was dismissed/i);
});

// The API keeps one state change per download per result: a download that starts and finishes
// within one call is reported as download_completed alone, one that outlasts it as started first.
it('a download is reported in browser_state, its completion with the URL and size', async () => {
  await gotoFixture(steward, '/hard/download.html');
  const { text } = await run('read_page');
  const changes: Array<Record<string, unknown>> = [];
  const click = await run('left_click', { target: ref(findRef(text, 'link', 'Download notes')) });
  expect(click.isError).toBe(false);
  changes.push(...(browserStateOf(click)?.state_changes ?? []));
  for (let i = 0; i < 5 && !changes.some((change) => change.type === 'download_completed'); i++) {
    changes.push(...(browserStateOf(await run('wait', { duration: 1 }))?.state_changes ?? []));
  }
  const completed = changes.find((change) => change.type === 'download_completed');
  expect(completed, JSON.stringify(changes)).toMatchObject({ url: `${steward.fixtures.url}/download/notes.txt`, size_bytes: DOWNLOAD_BODY.length });
  const started = changes.find((change) => change.type === 'download_started');
  if (started) expect(started).toMatchObject({ download_id: completed!.download_id, url: completed!.url });
  // The page stayed where it was.
  expect(steward.page.url()).toBe(`${steward.fixtures.url}/hard/download.html`);
});
