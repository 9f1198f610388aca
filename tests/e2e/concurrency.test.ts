import { afterAll, beforeAll, expect, it } from 'vitest';
import { userText } from '../mock-anthropic/conversation';
import { configure, fill, gate, launchSteward, openPanel, type Steward } from './harness';

let steward: Steward;

beforeAll(async () => {
  steward = await launchSteward({ startPath: '/counter.html' });
  await configure(steward, { apiKey: steward.mock.apiKey });
});
afterAll(() => steward?.close());

it('tasks in two windows run side by side, each panel shows its own, and a window runs one task at a time', async () => {
  // A second window with its own page and its own side panel.
  const session = await steward.page.createCDPSession();
  const url = `${steward.fixtures.url}/signup.html`;
  await session.send('Target.createTarget', { url, newWindow: true });
  const secondPage = await (await steward.browser.waitForTarget((t) => t.type() === 'page' && t.url() === url)).asPage();
  const secondPanel = await openPanel(steward.browser, secondPage, steward.extensionId);

  const both = gate();
  let arrived = 0;
  steward.mock.setScript(async (request) => {
    const task = userText(request);
    if (++arrived === 2) both.release();
    // Each task's first answer waits until both tasks have asked: they really run at the same time.
    await both.promise;
    return { kind: 'text', text: `Answer for: ${task}` };
  });

  await fill(steward.panel, 'Task', 'First window task');
  await steward.panel.locator('::-p-aria(Send)').click();
  await fill(secondPanel, 'Task', 'Second window task');
  await secondPanel.locator('::-p-aria(Send)').click();

  await steward.panel.waitForSelector('::-p-text(Answer for: First window task)');
  await secondPanel.waitForSelector('::-p-text(Answer for: Second window task)');
  expect(await steward.panel.$('::-p-text(Second window task)')).toBeNull();
  expect(await secondPanel.$('::-p-text(First window task)')).toBeNull();

  // A window runs one task at a time: a second Send while one runs is refused in words.
  const held = gate();
  steward.mock.setScript(async () => {
    await held.promise;
    return { kind: 'text', text: 'Late answer.' };
  });
  await fill(steward.panel, 'Task', 'Long task');
  await steward.panel.locator('::-p-aria(Send)').click();
  await steward.panel.waitForSelector('::-p-aria(Stop)');
  const refused = await steward.panel.evaluate(async () => {
    const window = await chrome.windows.getCurrent();
    return chrome.runtime.sendMessage({ type: 'task.start', prompt: 'Another one', windowId: window.id });
  });
  expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/already running in this window/) } });
  held.release();
  await steward.panel.waitForSelector('::-p-text(Late answer.)');
});
