import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { gotoFixture, launchSteward, runMember, type Steward } from '../harness';

let steward: Steward;

beforeAll(async () => {
  steward = await launchSteward();
});
afterAll(() => steward?.close());
beforeEach(async () => {
  steward.fixtures.effects.clear();
  await gotoFixture(steward, '/hard/semantics.html');
});

const run = (name: string, input: Record<string, unknown> = {}) => runMember(steward, steward.page, name, input);

it('navigate reports the final URL after redirects, the title and the HTTP status', async () => {
  const final = `${steward.fixtures.url}/hard/article.html`;
  const result = await run('navigate', { url: `${steward.fixtures.url}/redirect?to=/hard/article.html` });
  expect(result.isError, result.text).toBe(false);
  expect(result.text).toContain(final);
  expect(result.text).toContain('The Quiet Return of the River Otter — Example Times');
  expect(result.text).toMatch(/\b200\b/);
  expect(steward.page.url()).toBe(final);
});

it('navigate reports an error status such as 404', async () => {
  const result = await run('navigate', { url: `${steward.fixtures.url}/status/404` });
  expect(result.text).toContain('/status/404');
  expect(result.text).toMatch(/\b404\b/);
});

it('navigate to a chrome:// page gives a clear error', async () => {
  const started = Date.now();
  const result = await run('navigate', { url: 'chrome://settings' });
  expect(result.isError).toBe(true);
  expect(result.text).toMatch(/chrome:\/\/|restricted|not allowed|cannot|can't/i);
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(steward.page.url()).toContain('/hard/semantics.html');
});

it('members on a chrome:// page give a clear error rather than hanging', async () => {
  await steward.page.goto('chrome://version');
  for (const [name, input] of [
    ['read_page', {}],
    ['get_page_text', {}],
    ['left_click', { target: { type: 'coordinate', x: 10, y: 10 } }],
  ] as const) {
    const started = Date.now();
    const result = await run(name, input);
    expect(result.isError, `${name}: ${result.text}`).toBe(true);
    expect(result.text, name).toMatch(/chrome:\/\/|restricted|not allowed|cannot|can't/i);
    expect(Date.now() - started, name).toBeLessThan(15_000);
  }
});

it('wait waits the duration, and refuses more than 30 seconds', async () => {
  const started = Date.now();
  const result = await run('wait', { duration: 1 });
  const elapsed = Date.now() - started;
  expect(result.isError).toBe(false);
  expect(elapsed).toBeGreaterThanOrEqual(950);
  expect(elapsed).toBeLessThan(6_000);
  const tooLong = Date.now();
  expect((await run('wait', { duration: 31 })).isError).toBe(true);
  expect(Date.now() - tooLong).toBeLessThan(3_000);
});

it('a member on a page whose main thread is frozen returns within its time bound', { timeout: 90_000 }, async () => {
  const page = await steward.browser.newPage();
  try {
    await gotoFixture(steward, '/hard/hang.html', page);
    // Starts the busy loop without waiting on the page, which will not answer for 40 s.
    await page.evaluate(() => void setTimeout((window as unknown as { freeze: () => void }).freeze, 0));
    await steward.fixtures.waitForEffect('frozen', 1);
    const started = Date.now();
    const result = await runMember(steward, page, 'read_page', {});
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(35_000);
    expect(result.isError).toBe(true);
  } finally {
    await page.close({ runBeforeUnload: false }).catch(() => undefined);
  }
});
