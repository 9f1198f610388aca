import { afterAll, beforeAll, expect, it } from 'vitest';
import { configure, launchSteward, sendTask, type Steward } from './harness';

let steward: Steward;

beforeAll(async () => {
  steward = await launchSteward({ startPath: '/signup.html' });
  await configure(steward, { apiKey: steward.mock.apiKey });
});
afterAll(() => steward?.close());

async function setNumber(label: string, value: string): Promise<void> {
  const field = await steward.panel.waitForSelector(`::-p-aria([name="${label}"][role="spinbutton"])`);
  await field!.click({ count: 3 });
  await field!.type(value);
}

it('a budget of steps ends the task with a clear message', async () => {
  await steward.panel.locator('::-p-aria(Settings)[aria-pressed]').click();
  await setNumber('Max steps', '2');
  await steward.panel.locator('::-p-aria(Save)').click();
  await steward.panel.waitForSelector('::-p-text(Settings saved.)');
  await steward.panel.locator('::-p-aria(Task)[aria-pressed]').click();

  steward.mock.setScript(() => ({ kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] }));
  await sendTask(steward, 'Read the page forever.');
  const alert = await steward.panel.waitForSelector('[role="alert"]');
  expect(await alert!.evaluate((el) => (el as HTMLElement).innerText)).toMatch(/reached its limit of 2 steps \(Settings → Max steps\)/);
  expect(steward.mock.messageRequests()).toHaveLength(2);
  // Tokens and cost are shown for the task.
  const usage = await steward.panel.waitForSelector('::-p-aria([name="Tokens and cost"])');
  expect(await usage!.evaluate((el) => el.textContent)).toMatch(/in \(.* cached\) · .* out · (\$|<\$)/);
});

it('the history keeps every task: reopen one to read it, or delete it', async () => {
  steward.mock.setScript(() => ({ kind: 'text', text: 'A second, short task.' }));
  await sendTask(steward, 'Say something short.');
  await steward.panel.waitForSelector('::-p-text(A second, short task.)');

  await steward.panel.locator('::-p-aria(History)[aria-pressed]').click();
  await steward.panel.waitForSelector('::-p-aria(Open Read the page forever.)');
  const prompts = await steward.panel.$$eval('.history-prompt', (items) => items.map((item) => item.textContent));
  expect(prompts).toEqual(['Say something short.', 'Read the page forever.']);

  await steward.panel.locator('::-p-aria(Open Read the page forever.)').click();
  await steward.panel.waitForSelector('::-p-text(reached its limit of 2 steps)');
  expect(await steward.panel.$$eval('li.tool', (items) => items.length)).toBe(2);

  await steward.panel.locator('::-p-aria(History)[aria-pressed]').click();
  await steward.panel.locator('::-p-aria(Delete Read the page forever.)').click();
  await steward.panel.waitForFunction(() => document.querySelectorAll('.history-prompt').length === 1);
  expect(await steward.panel.$$eval('.history-prompt', (items) => items.map((item) => item.textContent))).toEqual(['Say something short.']);
});
