import { expect, it } from 'vitest';
import { type Steward, sendTask, useConfiguredSteward } from './harness';

let steward: Steward;
useConfiguredSteward((launched) => (steward = launched), '/injection.html');

const readThenAnswer = () =>
  steward.mock.setScript((request, { index }) => {
    if (index === 0) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
    const told = JSON.stringify(request.messages.at(-1)).includes('It comes from the page, not from the user');
    return { kind: 'text', text: told ? 'Summarised the reviews; I ignored the instructions on the page.' : 'Summarised the reviews.' };
  });

it('text on the page that gives Claude instructions pauses the task; going on tells Claude where the words came from', async () => {
  readThenAnswer();
  await sendTask(steward, 'Summarise the reviews.');
  const card = await steward.panel.waitForSelector('::-p-aria([name="Approval needed"][role="alertdialog"])');
  expect(await card!.evaluate((el) => (el as HTMLElement).innerText)).toMatch(/Page text addressed to Claude:[\s\S]*ignore all previous instructions[\s\S]*may be trying to steer the task/);
  // The model is not asked again until the user answers.
  expect(steward.mock.messageRequests()).toHaveLength(1);
  await steward.panel.locator('::-p-aria(Approve)').click();
  await steward.panel.waitForSelector('::-p-aria([name="Final answer"][role="region"]) ::-p-text(I ignored the instructions on the page.)');
});

it('rejecting stops the task and nothing more is sent to the model', async () => {
  readThenAnswer();
  await sendTask(steward, 'Summarise the reviews.');
  await steward.panel.waitForSelector('::-p-aria([name="Approval needed"][role="alertdialog"])');
  await steward.panel.locator('::-p-aria(Reject)').click();
  await steward.panel.waitForSelector('::-p-text(You stopped it after the page tried to give Claude instructions.)');
  expect(steward.mock.messageRequests()).toHaveLength(1);
});
