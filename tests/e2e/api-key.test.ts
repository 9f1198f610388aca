import { afterAll, beforeAll, expect, it } from 'vitest';
import { configure, launchSteward, sendTask, type Steward } from './harness';

let steward: Steward;

beforeAll(async () => {
  steward = await launchSteward({ startPath: '/signup.html' });
});
afterAll(() => steward?.close());

async function statusText(): Promise<string> {
  const status = await steward.panel.waitForSelector('[data-testid="settings-status"]:not(:empty):not(.busy)');
  return status!.evaluate((el) => el.textContent ?? '');
}

it('a wrong API key gets a readable error in Settings and in the task, and a good key then works', async () => {
  await configure(steward, { apiKey: 'sk-ant-wrong-key' });

  await steward.panel.locator('::-p-aria(Settings)[aria-pressed]').click();
  await steward.panel.locator('::-p-aria(Test connection)').click();
  expect(await statusText()).toMatch(/API key was refused \(401\)/);
  await steward.panel.locator('::-p-aria(Task)[aria-pressed]').click();

  steward.mock.setScript(() => ({ kind: 'text', text: 'Should never be seen.' }));
  await sendTask(steward, 'Read the page.');
  const alert = await steward.panel.waitForSelector('[role="alert"]');
  expect(await alert!.evaluate((el) => (el as HTMLElement).innerText)).toMatch(/could not finish[\s\S]*API key was refused \(401\)[\s\S]*Settings/);
  expect(steward.mock.messageRequests().every((request) => request.headers.authorization === 'Bearer sk-ant-wrong-key')).toBe(true);

  await configure(steward, { apiKey: steward.mock.apiKey });
  await steward.panel.locator('::-p-aria(Settings)[aria-pressed]').click();
  await steward.panel.locator('::-p-aria(Test connection)').click();
  expect(await statusText()).toMatch(/^Connected\./);
  await steward.panel.locator('::-p-aria(Task)[aria-pressed]').click();

  steward.mock.setScript(() => ({ kind: 'text', text: 'All good now.' }));
  await sendTask(steward, 'Read the page.');
  await steward.panel.waitForSelector('::-p-aria([name="Final answer"][role="region"]) ::-p-text(All good now.)');
});

it('an unreachable API base URL is reported in plain words', async () => {
  await configure(steward, { apiKey: steward.mock.apiKey, apiBaseUrl: 'http://127.0.0.1:9' });
  await steward.panel.locator('::-p-aria(Settings)[aria-pressed]').click();
  await steward.panel.locator('::-p-aria(Test connection)').click();
  expect(await statusText()).toMatch(/Could not reach http:\/\/127\.0\.0\.1:9/);
});

it('refuses to save a bad base URL and says which field is wrong', async () => {
  await steward.panel.locator('::-p-aria(Settings)[aria-pressed]').click();
  const { fill } = await import('./harness');
  await fill(steward.panel, 'API base URL', 'ftp://example.com');
  await steward.panel.locator('::-p-aria(Save)').click();
  expect(await statusText()).toMatch(/Not saved/);
  const error = await steward.panel.waitForSelector('.error-text');
  expect(await error!.evaluate((el) => el.textContent)).toMatch(/^API base URL must be an http\(s\) address/);
});

it('content scripts cannot read the settings, so the API key never reaches a page', async () => {
  await configure(steward, { apiKey: steward.mock.apiKey });
  await steward.page.goto(`${steward.fixtures.url}/signup.html`);
  const session = await steward.page.createCDPSession();
  const contexts: Array<{ id: number; name: string; auxData?: { type?: string; frameId?: string } }> = [];
  session.on('Runtime.executionContextCreated', (event) => contexts.push(event.context));
  await session.send('Runtime.enable');
  // Reading the page makes sure Steward's content script runs in this document.
  steward.mock.setScript((_request, { index }) =>
    index === 0 ? { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] } : { kind: 'text', text: 'Read it.' },
  );
  await sendTask(steward, 'Read the page.');
  await steward.panel.waitForSelector('::-p-text(Read it.)');
  const world = contexts.find((context) => context.auxData?.type === 'isolated' && context.name === 'Steward');
  expect(world, 'Steward content-script world').toBeDefined();
  const { result, exceptionDetails } = await session.send('Runtime.evaluate', {
    contextId: world!.id,
    expression: `chrome.storage.local.get(null).then((items) => JSON.stringify(items), (error) => 'refused: ' + error.message)`,
    awaitPromise: true,
  });
  expect(exceptionDetails).toBeUndefined();
  expect(String(result.value)).toMatch(/^refused: /);
  expect(String(result.value)).not.toContain(steward.mock.apiKey);
});
