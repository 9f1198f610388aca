import { createHash, randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { findRef, lastToolResults, toolResultText } from '../mock-anthropic/conversation';
import { configure, DIST, evaluateInWorker, launchSteward, sendTask, type Steward, timeline } from './harness';
import { checkView } from './panel-checks';

/**
 * A real administrator policy, the way Chromium on Linux reads one: a JSON file in
 * /etc/chromium/policies/managed/ whose "3rdparty" part holds each extension's values by id.
 * Steward is loaded from a copy of dist/ in a fresh directory: an unpacked extension's id derives from
 * its path, so this copy's id is known before launch and no other test's extension gets the policy.
 */
const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY = {
  blockedDomains: ['localhost'],
  sensitiveDomains: ['127.0.0.1'],
  disabledModes: ['plan'],
  disabledMembers: ['javascript_exec', 'read_console', 'read_network'],
  maxSteps: 7,
  maxCostUsd: 0.5,
};

/** Chromium's id for an unpacked extension: the SHA-256 of its absolute path, first 32 hex digits written a-p. */
function unpackedExtensionId(path: string): string {
  return [...createHash('sha256').update(path).digest('hex').slice(0, 32)].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16))).join('');
}

let steward: Steward;
const copy = mkdtempSync(join(tmpdir(), 'steward-admin-policy-'));
const policyFile = join(POLICY_DIR, `steward-e2e-${process.pid}-${randomUUID()}.json`);

function removePolicy(): void {
  rmSync(policyFile, { force: true });
  rmSync(copy, { recursive: true, force: true });
}

beforeAll(async () => {
  cpSync(DIST, copy, { recursive: true });
  const extensionId = unpackedExtensionId(copy);
  mkdirSync(POLICY_DIR, { recursive: true });
  writeFileSync(policyFile, JSON.stringify({ '3rdparty': { extensions: { [extensionId]: POLICY } } }));
  try {
    steward = await launchSteward({ startPath: '/checkout.html', extensionPath: copy });
    expect(steward.extensionId).toBe(extensionId);
    // Chromium fills managed storage a few seconds after the extension loads, and says so with storage.onChanged.
    const applied = await evaluateInWorker(
      steward,
      `new Promise((resolve) => {
        chrome.storage.onChanged.addListener((changes, area) => { if (area === 'managed' && changes.blockedDomains) resolve(true); });
        chrome.storage.managed.get(null).then((managed) => { if (managed.blockedDomains) resolve(true); });
        setTimeout(() => resolve(false), 30000);
      })`,
    );
    if (applied !== true) throw new Error(`Chromium did not apply the policy in ${policyFile} within 30 s.`);
    await configure(steward, { apiKey: steward.mock.apiKey });
  } catch (error) {
    await steward?.close();
    removePolicy();
    throw error;
  }
});

afterAll(async () => {
  try {
    await steward?.close();
  } finally {
    removePolicy();
  }
});

beforeEach(async () => {
  await steward.panel.locator('::-p-aria(Task)[aria-pressed]').click();
  steward.mock.reset();
  steward.fixtures.effects.clear();
  await steward.page.goto(`${steward.fixtures.url}/checkout.html`);
});

it('Settings shows what the administrator set as locked, and a budget above the ceiling is refused by name', async () => {
  const { panel } = steward;
  await panel.locator('::-p-aria(Settings)[aria-pressed]').click();
  const section = await panel.waitForSelector('::-p-aria([name="Set by your administrator"][role="region"])');
  const text = await section!.evaluate((el) => (el as HTMLElement).innerText);
  expect(text).toMatch(/Blocked sites\s+localhost/);
  expect(text).toMatch(/Always sensitive\s+127\.0\.0\.1/);
  expect(text).toMatch(/Modes that are off\s+Ask before acting/);
  expect(text).toMatch(/Browser tools that are off\s+javascript_exec, read_console, read_network/);

  const maxSteps = await panel.waitForSelector('::-p-aria([name="Max steps"][role="spinbutton"])');
  expect(await maxSteps!.evaluate((el) => [(el as HTMLInputElement).value, document.getElementById(el.getAttribute('aria-describedby')!)?.textContent])).toEqual([
    '7',
    'Set by your administrator: at most 7 steps.',
  ]);
  const devtools = await panel.waitForSelector('::-p-aria([name="Let Claude read the console and network log"][role="checkbox"])');
  expect(await devtools!.evaluate((el) => [(el as HTMLInputElement).disabled, (el as HTMLInputElement).checked])).toEqual([true, false]);

  const typeMaxSteps = async (value: string) => {
    await maxSteps!.click({ count: 3 });
    await maxSteps!.type(value);
    await panel.locator('::-p-aria(Save)').click();
  };
  await typeMaxSteps('50');
  await panel.waitForSelector('::-p-text(Max steps can be at most 7 steps: your administrator set that ceiling.)');
  expect(await panel.$eval('[data-testid="settings-status"]', (el) => el.textContent)).toBe('Not saved: fix the fields marked below.');
  // Below the ceiling is the user's to choose.
  await typeMaxSteps('5');
  await panel.waitForSelector('::-p-text(Settings saved.)');
  expect(await maxSteps!.evaluate((el) => (el as HTMLInputElement).value)).toBe('5');
});

it('Settings under a real administrator policy passes axe in light and dark, and fits 320 to 600 px', async () => {
  const { panel } = steward;
  await panel.locator('::-p-aria(Settings)[aria-pressed]').click();
  await panel.waitForSelector('::-p-aria([name="Set by your administrator"][role="region"])');
  const failures: string[] = [];
  await checkView(panel, 'Settings with an administrator policy', failures);
  expect(failures).toEqual([]);
});

it('the Mode menu disables a mode the administrator turned off, and a task asked for in it is refused', async () => {
  const { panel } = steward;
  const options = await panel.$$eval('#task-mode option', (items) => items.map((item) => [(item as HTMLOptionElement).value, (item as HTMLOptionElement).disabled, item.textContent]));
  expect(options).toEqual([
    ['act', false, 'Act without asking on trusted sites'],
    ['plan', true, 'Ask before acting (approve a plan) (off: set by your administrator)'],
    ['ask-every', false, 'Ask before every action'],
  ]);
  // The menu cannot send it; a request that does anyway gets the administrator's refusal.
  const reply = await panel.evaluate(async () => {
    const window = await chrome.windows.getCurrent();
    return chrome.runtime.sendMessage({ type: 'task.start', prompt: 'Plan my day.', windowId: window.id, mode: 'plan' });
  });
  expect(JSON.stringify(reply)).toContain('Your administrator turned off the \\"Ask before acting\\" mode. Choose another mode: \\"Ask before every action\\" or \\"Act without asking\\".');
  expect(steward.mock.messageRequests()).toHaveLength(0);
});

it('a task: a blocked domain refuses navigation, a forced sensitive site asks, javascript_exec is not there', async () => {
  const results: Array<{ error: boolean; text: string }> = [];
  steward.mock.setScript((request, { index }) => {
    const [last] = lastToolResults(request);
    if (last) results.push({ error: last.is_error === true, text: toolResultText(last) });
    switch (index) {
      case 0:
        return { kind: 'tool_use', calls: [{ name: 'navigate', input: { url: `${steward.fixtures.crossOriginUrl}/counter.html` } }] };
      case 1:
        return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
      case 2:
        return { kind: 'tool_use', calls: [{ name: 'left_click', input: { target: { type: 'ref', ref: findRef(toolResultText(last!), 'button', 'Add a gift note') } } }] };
      case 3:
        return { kind: 'tool_use', calls: [{ name: 'javascript_exec', input: { text: 'document.title' } }] };
      default:
        return { kind: 'text', text: 'Done as far as the policy allows.' };
    }
  });
  await sendTask(steward, 'Count on the other site, then add a gift note.');

  const card = await steward.panel.waitForSelector('::-p-aria([name="Approval needed"][role="alertdialog"])');
  expect(await card!.evaluate((el) => (el as HTMLElement).innerText)).toContain('127.0.0.1 is a sensitive site (required by your administrator): every change there needs your yes.');
  expect(steward.fixtures.effects.get('note') ?? 0).toBe(0);
  await steward.panel.locator('::-p-aria(Reject)').click();
  await steward.panel.waitForSelector('::-p-aria([name="Final answer"][role="region"]) ::-p-text(Done as far as the policy allows.)');

  expect(results[0]).toEqual({ error: true, text: expect.stringContaining('localhost is blocked by your administrator.') });
  expect(results[2]).toEqual({ error: true, text: expect.stringContaining('The user declined this action') });
  expect(results[3]!.error).toBe(true);
  expect(results[3]!.text).toMatch(/javascript_exec/);
  expect(steward.fixtures.effects.get('note') ?? 0).toBe(0);
  expect(steward.page.url()).toBe(`${steward.fixtures.url}/checkout.html`);

  // The model was never offered the members the administrator turned off.
  const first = steward.mock.messageRequests()[0]!.body as { tools: Array<{ type: string; configs?: Record<string, { enabled: boolean }> }> };
  const browser = first.tools.find((tool) => tool.type.startsWith('browser_toolset'));
  expect(browser?.configs).toMatchObject({ javascript_exec: { enabled: false }, read_console: { enabled: false }, read_network: { enabled: false } });
  expect((await timeline(steward.panel)).map((entry) => [entry.member, entry.status])).toEqual([
    ['navigate', 'error'],
    ['read_page', 'ok'],
    ['left_click', 'error'],
    ['javascript_exec', 'error'],
  ]);
});
