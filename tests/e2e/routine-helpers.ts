import type { RoutineRun } from '../../src/store/routines';
import { evaluateInWorker, type Steward } from './harness';

/** What a test says of a routine: its name and prompt, its start page (a fixture path or an address), and what differs from the defaults. */
export type TestRoutine = { name: string; prompt: string } & ({ path: string } | { startUrl: string }) & Record<string, unknown>;

/** The kettle-price routine that the panel, screenshot and routine tests show: read-only, notifies when the answer changes. */
export const KETTLE_ROUTINE = { name: 'Kettle price', prompt: 'Tell me the price of the kettle.', path: '/index.html', notify: 'changed' } as const;

/**
 * Saves a routine through the panel's own request, the one its form sends; returns its id. Unless the
 * test says otherwise, it runs every 30 minutes in UTC on the fixture server's site and notifies on failure
 * (the tests fire it by hand).
 */
export async function saveRoutine(steward: Steward, routine: TestRoutine): Promise<string> {
  const { path, ...fields } = routine as TestRoutine & { path?: string };
  const definition = {
    schedule: { kind: 'interval', everyMinutes: 30 },
    timeZone: 'UTC',
    sites: ['127.0.0.1'],
    notify: 'failure',
    ...(path === undefined ? {} : { startUrl: `${steward.fixtures.url}${path}` }),
    ...fields,
  };
  const reply = (await steward.panel.evaluate((value) => chrome.runtime.sendMessage({ type: 'routines.save', definition: value }), definition)) as {
    ok: boolean;
    value?: { saved: boolean; id?: string; errors?: Record<string, string> };
    error?: { message: string };
  };
  if (!reply.ok || !reply.value?.saved || !reply.value.id) throw new Error(`The routine was not saved: ${JSON.stringify(reply.error ?? reply.value?.errors)}`);
  return reply.value.id;
}

/** The runs of a routine, newest first, as the worker has stored them (after its start-up has finished). */
export async function runsOf(steward: Steward, routineId: string): Promise<RoutineRun[]> {
  const reply = (await steward.panel.evaluate((id) => chrome.runtime.sendMessage({ type: 'routines.runs', id }), routineId)) as { ok: boolean; value: RoutineRun[] };
  if (!reply.ok) throw new Error('routines.runs failed');
  return reply.value;
}

/** Fires the routine's alarm now, as if its scheduled time had come; returns that time. */
export async function fireAlarm(steward: Steward, routineId: string): Promise<number> {
  return (await evaluateInWorker(steward, `__stewardDebug.fireRoutineAlarm(${JSON.stringify(routineId)})`)) as number;
}

export async function notificationIds(steward: Steward): Promise<string[]> {
  return Object.keys((await evaluateInWorker(steward, 'chrome.notifications.getAll()')) as Record<string, boolean>);
}

/** Waits until the routine's newest run matches; the worker writes runs as they change, and the panel reads them. */
export async function waitForRun(steward: Steward, routineId: string, matches: (run: RoutineRun) => boolean, timeoutMs = 30_000): Promise<RoutineRun> {
  const deadline = Date.now() + timeoutMs;
  let last: RoutineRun | undefined;
  while (Date.now() < deadline) {
    [last] = await runsOf(steward, routineId);
    if (last && matches(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The run never matched; the newest was ${JSON.stringify(last)}`);
}
