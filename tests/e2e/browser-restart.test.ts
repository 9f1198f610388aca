import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../fixtures/server';
import { type MockAnthropic, startMockAnthropic } from '../mock-anthropic/server';
import { inEnglish } from '../../src/i18n/english';
import type { Text } from '../../src/i18n/words';
import { configure, gate, launchSteward, sendTask, type Steward } from './harness';

let mock: MockAnthropic;
let fixtures: FixtureServer;
let profile: string;
const launched: Steward[] = [];
const answer = gate();

afterAll(async () => {
  answer.release();
  for (const steward of launched) await steward.close();
  await Promise.all([mock?.close(), fixtures?.close()]);
  if (profile) rmSync(profile, { recursive: true, force: true });
});

it('a task running when the browser closes ends as stopped at the next start, saying why, and makes no more model calls', async () => {
  [mock, fixtures] = await Promise.all([startMockAnthropic(), startFixtureServer()]);
  profile = mkdtempSync(join(tmpdir(), 'steward-profile-'));
  const first = await launchSteward({ userDataDir: profile, servers: { mock, fixtures }, startPath: '/counter.html' });
  launched.push(first);
  await configure(first, { apiKey: mock.apiKey });
  mock.setScript(() => ({ kind: 'text', text: 'Never heard.', pause: answer.promise }));
  await sendTask(first, 'Count to three.');
  await mock.waitForMessageRequests(1);
  await first.close();
  launched.pop();

  const second = await launchSteward({ userDataDir: profile, servers: { mock, fixtures }, startPath: '/counter.html' });
  launched.push(second);
  // Requests wait for the worker's start-up, so this history is what start-up left.
  const history = (await second.panel.evaluate(() => chrome.runtime.sendMessage({ type: 'history.list' }))) as { value: Array<{ id: string; status: string }> };
  expect(history.value.map((task) => task.status)).toEqual(['stopped']);
  const task = (await second.panel.evaluate((id) => chrome.runtime.sendMessage({ type: 'history.open', taskId: id }), history.value[0]!.id)) as { value: { error?: Text } };
  expect(inEnglish(task.value.error ?? '')).toBe('The browser was closed while this task ran. Start it again to go on.');
  expect(mock.messageRequests()).toHaveLength(1);
});
