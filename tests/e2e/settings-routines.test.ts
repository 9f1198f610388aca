import { afterAll, beforeAll, expect, it } from 'vitest';
import { configure, evaluateInWorker, launchSteward, openPanel, type Steward } from './harness';

/**
 * The two routine settings that were constants (issue 13): how many routines run at once, and how
 * long an unattended run waits for an approval. They are fields of the generated Settings form,
 * refuse what is out of range with the field's own error, save, survive reopening the panel, and
 * are what the routine runner is then held to.
 */

let steward: Steward;

beforeAll(async () => {
  steward = await launchSteward({ startPath: '/signup.html' });
  await configure(steward, { apiKey: steward.mock.apiKey });
});
afterAll(() => steward?.close());

const CONCURRENCY = 'Routines running at once';
const APPROVAL_WAIT = 'Approval wait (minutes)';

async function numberField(label: string) {
  const field = await steward.panel.waitForSelector(`::-p-aria([name="${label}"][role="spinbutton"])`);
  if (!field) throw new Error(`No number field labelled ${label}`);
  return field;
}

async function setNumber(label: string, value: string): Promise<void> {
  const field = await numberField(label);
  await field.click({ count: 3 });
  await field.type(value);
}

async function valueOf(label: string): Promise<string> {
  return (await numberField(label)).evaluate((el) => (el as HTMLInputElement).value);
}

async function save(): Promise<string> {
  await steward.panel.locator('::-p-aria(Save)').click();
  const status = await steward.panel.waitForSelector('[data-testid="settings-status"]:not(:empty):not(.busy)');
  return status!.evaluate((el) => el.textContent ?? '');
}

it('shows both in Settings under Routines, with their defaults and ranges', async () => {
  await steward.panel.locator('::-p-aria(Settings)[aria-pressed]').click();
  expect(await valueOf(CONCURRENCY)).toBe('2');
  expect(await valueOf(APPROVAL_WAIT)).toBe('60');
  const group = await steward.panel.waitForSelector('::-p-aria([name="Routines"][role="group"])');
  expect(await group!.evaluate((el) => (el as HTMLElement).innerText)).toMatch(/Routines running at once[\s\S]*1 to 4[\s\S]*Approval wait \(minutes\)[\s\S]*1 to 1,440/);
});

it('refuses a value out of range, saying which field and why, and keeps the saved one', async () => {
  await setNumber(CONCURRENCY, '5');
  await setNumber(APPROVAL_WAIT, '2000');
  expect(await save()).toBe('Not saved: fix the fields marked below.');
  const errors = await steward.panel.$$eval('.error-text', (elements) => elements.map((el) => el.textContent));
  expect(errors).toEqual(['Routines running at once must be at most 4', 'Approval wait (minutes) must be at most 1,440']);
  expect(await (await numberField(CONCURRENCY)).evaluate((el) => el.getAttribute('aria-invalid'))).toBe('true');
  expect(await evaluateInWorker(steward, '__stewardDebug.routineLimits()')).toEqual({ maxConcurrentRuns: 2, approvalWaitMs: 60 * 60_000 });
});

it('saves values in range, which the routine runner then uses and a reopened panel shows', async () => {
  await setNumber(CONCURRENCY, '3');
  await setNumber(APPROVAL_WAIT, '90');
  expect(await save()).toBe('Settings saved.');
  expect(await steward.panel.$$('.error-text')).toEqual([]);
  expect(await evaluateInWorker(steward, '__stewardDebug.routineLimits()')).toEqual({ maxConcurrentRuns: 3, approvalWaitMs: 90 * 60_000 });

  await steward.panel.close();
  steward.panel = await openPanel(steward.browser, steward.page, steward.extensionId);
  await steward.panel.locator('::-p-aria(Settings)[aria-pressed]').click();
  expect(await valueOf(CONCURRENCY)).toBe('3');
  expect(await valueOf(APPROVAL_WAIT)).toBe('90');
});
