import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../fixtures/server';
import { type MockAnthropic, startMockAnthropic } from '../mock-anthropic/server';
import { configure, launchSteward, type Steward, stopServiceWorker } from './harness';
import { runsOf, saveRoutine, waitForRun } from './routine-helpers';

let mock: MockAnthropic;
let fixtures: FixtureServer;
let profile: string;
const launched: Steward[] = [];

afterAll(async () => {
  for (const steward of launched) await steward.close();
  await Promise.all([mock?.close(), fixtures?.close()]);
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const utcMinute = (time: number) => new Date(time).toISOString().slice(0, 16);

it(
  'a routine whose time passed while the browser was closed runs once at start-up; one that was not due does not run',
  async () => {
    [mock, fixtures] = await Promise.all([startMockAnthropic(), startFixtureServer()]);
    profile = mkdtempSync(join(tmpdir(), 'steward-profile-'));
    const first = await launchSteward({ userDataDir: profile, servers: { mock, fixtures }, startPath: '/index.html' });
    launched.push(first);
    await configure(first, { apiKey: mock.apiKey });

    // The next whole minute at least 20 s away: the browser is closed well before it.
    const due = Math.ceil((Date.now() + 20_000) / 60_000) * 60_000;
    const definition = { prompt: 'Check the page.', startUrl: `${fixtures.url}/index.html`, timeZone: 'UTC', sites: ['127.0.0.1'], notify: 'always' };
    const missed = await saveRoutine(first, { ...definition, name: 'Missed while closed', schedule: { kind: 'once', at: utcMinute(due) } });
    const notDue = await saveRoutine(first, { ...definition, name: 'Not due', schedule: { kind: 'once', at: utcMinute(due + 24 * 3600_000) } });
    const laterToday = await saveRoutine(first, { ...definition, name: 'Later today', schedule: { kind: 'daily', time: utcMinute(due + 6 * 3600_000).slice(11) } });
    await first.close();
    launched.pop();
    expect(Date.now()).toBeLessThan(due - 5_000);
    expect(mock.messageRequests()).toHaveLength(0);

    // The browser stays closed past the routine's time.
    await new Promise((resolve) => setTimeout(resolve, due + 1_500 - Date.now()));
    mock.setScript(() => ({ kind: 'text', text: 'Caught up.' }));
    const second = await launchSteward({ userDataDir: profile, servers: { mock, fixtures }, startPath: '/index.html' });
    launched.push(second);

    const run = await waitForRun(second, missed, (candidate) => candidate.endedAt !== undefined);
    expect(run).toMatchObject({ status: 'done', trigger: 'catch-up', scheduledFor: due, result: 'Caught up.' });
    expect(await runsOf(second, notDue)).toEqual([]);
    expect(await runsOf(second, laterToday)).toEqual([]);

    // Another start of the worker finds nothing more to run: one catch-up, never a storm.
    await stopServiceWorker(second);
    expect(await runsOf(second, missed)).toHaveLength(1);
    expect(await runsOf(second, notDue)).toEqual([]);
    expect(mock.messageRequests()).toHaveLength(1);
  },
  180_000,
);
