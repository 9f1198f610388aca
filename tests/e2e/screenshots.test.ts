import { mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findRef, lastToolResults, toolResultText } from '../mock-anthropic/conversation';
import { configure, gotoFixture, launchSteward, sendTask, type Steward } from './harness';
import { SCHEMES } from './panel-checks';
import { KETTLE_ROUTINE, saveRoutine } from './routine-helpers';

/**
 * The screenshots in docs/screenshots/, made again by `npm run screenshots`: the panel's main views
 * at 400 px, light and dark, with the real extension and the mock API. Skipped in the ordinary run.
 */
const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const enabled = Boolean(process.env.STEWARD_SCREENSHOTS);

let steward: Steward;
beforeAll(async () => {
  if (!enabled) return;
  steward = await launchSteward({ startPath: '/signup.html' });
  await steward.panel.setViewport({ width: 400, height: 720 });
});
afterAll(() => steward?.close());

async function shoot(name: string): Promise<void> {
  for (const scheme of SCHEMES) {
    await steward.panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    const path = `${OUT}${name}-${scheme}.png`;
    await steward.panel.screenshot({ path });
    expect(statSync(path).size).toBeGreaterThan(5_000);
  }
  await steward.panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
}

it.runIf(enabled)('screenshots of the main views at 400 px, light and dark', { timeout: 180_000 }, async () => {
  mkdirSync(OUT, { recursive: true });
  const { panel } = steward;
  await panel.waitForSelector('section.welcome');
  await shoot('welcome');
  await configure(steward, { apiKey: steward.mock.apiKey });

  steward.mock.setScript((request, { index }) => {
    const last = lastToolResults(request)[0];
    if (index === 0) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
    const snapshot = toolResultText(last!);
    if (index === 1) return { kind: 'tool_use', text: 'I will fill in the form.', calls: [{ name: 'form_input', input: { target: { type: 'ref', ref: findRef(snapshot, 'textbox', 'Email') }, value: 'ada@example.com' } }] };
    if (index === 2) return { kind: 'tool_use', calls: [{ name: 'screenshot', input: {} }] };
    return { kind: 'text', text: 'The form is filled in with **ada@example.com**; I did not submit it.' };
  });
  await sendTask(steward, 'Fill in the sign-up form with ada@example.com, but do not submit it.');
  await panel.waitForSelector('::-p-aria([name="Final answer"][role="region"])');
  await shoot('task');

  await gotoFixture(steward, '/checkout.html');
  steward.mock.reset();
  steward.mock.setScript((request, { index }) => {
    if (index === 0) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
    return { kind: 'tool_use', text: 'Paying for the basket.', calls: [{ name: 'left_click', input: { target: { type: 'ref', ref: findRef(toolResultText(lastToolResults(request)[0]!), 'button', 'Pay now') } } }] };
  });
  await sendTask(steward, 'Pay for my basket.');
  await panel.waitForSelector('::-p-aria([name="Approval needed"][role="alertdialog"])');
  await panel.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await shoot('approval');
  await panel.locator('::-p-aria(Stop)').click();
  await panel.waitForSelector('::-p-text(Task stopped.)');

  await saveRoutine(steward, KETTLE_ROUTINE);
  for (const [view, name, shown] of [
    ['Routines', 'routines', '::-p-aria(Runs of Kettle price)'],
    ['History', 'history', '.history-item'],
    ['Audit', 'audit', '.audit-entry'],
    ['Settings', 'settings', '::-p-aria(Save)'],
  ] as const) {
    await panel.locator(`::-p-aria(${view})[aria-pressed]`).click();
    await panel.waitForSelector(shown);
    await shoot(name);
  }
});
