import { afterAll, beforeAll, expect, it } from 'vitest';
import { configure, gate, launchSteward, openPanel, sendTask, type Steward } from './harness';

let steward: Steward;

beforeAll(async () => {
  steward = await launchSteward({ startPath: '/signup.html' });
  await configure(steward, { apiKey: steward.mock.apiKey });
});
afterAll(() => steward?.close());

it('closing and reopening the panel does not stop the task, and the reopened panel shows all of it', async () => {
  const held = gate();
  steward.mock.setScript(async (_request, { index }) => {
    if (index === 0) return { kind: 'tool_use', text: 'Reading the form first.', calls: [{ name: 'read_page', input: {} }] };
    await held.promise;
    return { kind: 'text', text: 'The form asks for an email, a plan and a subscription.' };
  });
  await sendTask(steward, 'What does this form ask for?');
  await steward.mock.waitForMessageRequests(2);

  await steward.panel.close();
  const panelUrl = `chrome-extension://${steward.extensionId}/sidepanel/index.html`;
  expect(steward.browser.targets().filter((target) => target.url().startsWith(panelUrl))).toEqual([]);
  const panel = await openPanel(steward.browser, steward.page, steward.extensionId);
  // The whole transcript so far, from the background's state, and the task still running.
  await panel.waitForSelector('::-p-text(What does this form ask for?)');
  await panel.waitForSelector('::-p-text(Reading the form first.)');
  await panel.waitForSelector('li.tool[data-member="read_page"][data-status="ok"]');
  await panel.waitForSelector('::-p-text(Working…)');
  expect(await panel.$('::-p-aria(Stop)')).not.toBeNull();

  held.release();
  await panel.waitForSelector('::-p-aria([name="Final answer"][role="region"]) ::-p-text(an email, a plan and a subscription)');
  expect(steward.mock.messageRequests()).toHaveLength(2);
});
