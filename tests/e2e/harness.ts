import { existsSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page, type Target } from 'puppeteer';
import { type FixtureServer, startFixtureServer } from '../fixtures/server';
import { type MockAnthropic, startMockAnthropic } from '../mock-anthropic/server';

export const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const PANEL_PATH = 'sidepanel/index.html';

export interface Steward {
  browser: Browser;
  /** The fixture page the panel sits beside; the task acts on it. */
  page: Page;
  panel: Page;
  extensionId: string;
  mock: MockAnthropic;
  fixtures: FixtureServer;
  close(): Promise<void>;
}

export interface LaunchOptions {
  startPath?: string;
  /** A copy of dist/ to load instead, so the extension gets an id of its own. */
  extensionPath?: string;
  /** More command-line switches for Chromium. */
  args?: string[];
  /** A profile directory kept across launches, to restart the browser with the same profile. */
  userDataDir?: string;
  /** The mock API and fixture server of an earlier launch, kept running across a restart; close() leaves them running. */
  servers?: { mock: MockAnthropic; fixtures: FixtureServer };
}

/** Launches Debian's Chromium with the built extension, the mock API and the fixture server. */
export async function launchSteward(options: LaunchOptions = {}): Promise<Steward> {
  if (!existsSync(`${DIST}/manifest.json`)) throw new Error('dist/ is missing: run `npm run build` before the end-to-end tests.');
  const [mock, fixtures] = options.servers ? [options.servers.mock, options.servers.fixtures] : await Promise.all([startMockAnthropic(), startFixtureServer()]);
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    pipe: true,
    enableExtensions: true,
    ...(options.userDataDir ? { userDataDir: options.userDataDir } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.args ?? []),
    ],
  });
  const extensionId = await browser.installExtension(options.extensionPath ?? DIST);
  const extension = (await browser.extensions()).get(extensionId);
  if (!extension) throw new Error('Steward did not load into Chromium.');
  await waitForPanelBehavior(browser, extensionId);
  const [page] = await browser.pages();
  const tab = page ?? (await browser.newPage());
  await tab.goto(`${fixtures.url}${options.startPath ?? '/'}`);
  const panel = await openPanel(browser, tab, extension.id);
  return {
    browser,
    page: tab,
    panel,
    extensionId: extension.id,
    mock,
    fixtures,
    async close() {
      await browser.close().catch(() => undefined);
      if (!options.servers) await Promise.all([mock.close(), fixtures.close()]);
    },
  };
}

/** The worker sets the toolbar action to open the panel as it starts; a click before that would do nothing. */
async function waitForPanelBehavior(browser: Browser, extensionId: string): Promise<void> {
  const target = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${extensionId}/`));
  const worker = await target.worker();
  if (!worker) throw new Error('Steward has no service worker.');
  for (let attempt = 0; attempt < 100; attempt++) {
    // Right after install the worker's context can exist before chrome.* is bound in it.
    const ready = await worker
      .evaluate(async () => typeof chrome !== 'undefined' && (await chrome.sidePanel.getPanelBehavior()).openPanelOnActionClick === true)
      .catch(() => false);
    if (ready) return;
  }
  throw new Error('Steward never set the toolbar action to open its side panel.');
}

/** Opens the real side panel beside `page` through the toolbar action, as a person would. */
export async function openPanel(browser: Browser, page: Page, extensionId: string): Promise<Page> {
  const extension = (await browser.extensions()).get(extensionId);
  if (!extension) throw new Error('Steward is not loaded.');
  const isPanel = (target: Target) => target.url().startsWith(`chrome-extension://${extensionId}/${PANEL_PATH}`);
  // Each window has a panel of its own: wait for a new one, not one that is already open elsewhere.
  const before = new Set(browser.targets().filter(isPanel));
  const opened = browser.waitForTarget((target) => isPanel(target) && !before.has(target), { timeout: 15_000 });
  await extension.triggerAction(page);
  const panel = await (await opened).asPage();
  // The views' navigation, by role alone: its name is in the browser's language.
  await panel.waitForSelector('nav[aria-label]', { timeout: 15_000 });
  return panel;
}

/**
 * Fills Settings by their labels and saves, like a person would. The fixture site (127.0.0.1) is
 * trusted unless told otherwise, so ordinary actions there run without asking in the default mode.
 */
export async function configure(steward: Steward, values: { apiKey?: string; apiBaseUrl?: string; model?: string; trustedSites?: string }): Promise<void> {
  const { panel } = steward;
  await panel.locator('::-p-aria(Settings)[aria-pressed]').click();
  if (values.apiKey !== undefined) await fill(panel, 'API key', values.apiKey);
  await fill(panel, 'API base URL', values.apiBaseUrl ?? steward.mock.url);
  if (values.model !== undefined) await fill(panel, 'Model', values.model);
  await fill(panel, 'Act without asking on', values.trustedSites ?? '127.0.0.1');
  await panel.locator('::-p-aria(Save)').click();
  await panel.waitForSelector('::-p-text(Settings saved.)');
  await panel.locator('::-p-aria(Task)[aria-pressed]').click();
}

export async function fill(page: Page, label: string, value: string): Promise<void> {
  const field = await page.waitForSelector(`::-p-aria([name="${label}"][role="textbox"])`);
  if (!field) throw new Error(`No field labelled ${label}`);
  await field.click({ count: 3 });
  await field.evaluate((element) => {
    (element as HTMLInputElement).select?.();
  });
  await page.keyboard.press('Backspace');
  if (value) await field.type(value);
  await field.dispose();
}

/**
 * Types a task into the panel, sends it, and waits until the panel shows it: until then the panel
 * still shows the task before, whose text a test waiting for this one's would otherwise match.
 */
export async function sendTask(steward: Steward, prompt: string): Promise<void> {
  const shownTask = () => document.querySelector<HTMLElement>('section.task')?.dataset.taskId ?? '';
  const before = await steward.panel.evaluate(shownTask);
  await fill(steward.panel, 'Task', prompt);
  await steward.panel.locator('::-p-aria(Send)').click();
  await steward.panel.waitForFunction(
    (previous) => {
      const id = document.querySelector<HTMLElement>('section.task')?.dataset.taskId ?? '';
      return id !== '' && id !== previous;
    },
    {},
    before,
  );
}

/** The timeline entries for tool calls, as the panel shows them. */
export async function timeline(panel: Page): Promise<Array<{ member: string; status: string; text: string }>> {
  return panel.$$eval('li.tool', (items) =>
    items.map((item) => ({
      member: item.getAttribute('data-member') ?? '',
      status: item.getAttribute('data-status') ?? '',
      text: (item as HTMLElement).innerText,
    })),
  );
}

/** Width and height of a baseline or progressive JPEG, read from its SOF marker. */
export function jpegSize(base64: string): { width: number; height: number } {
  const bytes = Buffer.from(base64, 'base64');
  let offset = 2;
  while (offset < bytes.length) {
    if (bytes[offset] !== 0xff) throw new Error('Not a JPEG');
    const marker = bytes[offset + 1]!;
    const length = bytes.readUInt16BE(offset + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    }
    offset += 2 + length;
  }
  throw new Error('No SOF marker in JPEG');
}

/** A promise a scripted model can wait on, released by the test. */
export function gate(): { promise: Promise<void>; release: () => void } {
  let release = () => {};
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

/** Runs a one-turn task to completion: everything the previous task could still do has happened by then. */
export async function runBarrierTask(steward: Steward, answer = 'Barrier reached.'): Promise<void> {
  steward.mock.setScript(() => ({ kind: 'text', text: answer }));
  await sendTask(steward, 'Say you are done.');
  await steward.panel.waitForSelector(`::-p-text(${answer})`);
}

export interface MemberResult {
  isError: boolean;
  /** The text blocks of the result, joined by newlines. */
  text: string;
  content: Array<{ type: string; text?: string; source?: { data: string; media_type: string } }>;
}

/**
 * Runs one toolset member on `page` through the worker's diagnostics hook: the real extension,
 * driver and content scripts, without a model turn. For member-level tests of the toolset.
 */
export async function runMember(steward: Pick<Steward, 'browser' | 'extensionId'>, page: Page, name: string, input: Record<string, unknown> = {}): Promise<MemberResult> {
  const target = await steward.browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${steward.extensionId}/`));
  const worker = await target.worker();
  if (!worker) throw new Error('Steward has no service worker.');
  const url = page.url();
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await worker.evaluate(
        async (pageUrl, member, memberInput) => {
          const tabs = await chrome.tabs.query({});
          const tab = tabs.find((candidate) => candidate.url === pageUrl && candidate.active) ?? tabs.find((candidate) => candidate.url === pageUrl);
          if (tab?.id === undefined) throw new Error(`No tab shows ${pageUrl}`);
          const debug = (globalThis as unknown as { __stewardDebug: { runMember: (tabId: number, name: string, input: unknown) => Promise<{ isError: boolean; content: unknown }> } }).__stewardDebug;
          return debug.runMember(tab.id, member, memberInput);
        },
        url,
        name,
        input,
      );
      const content: MemberResult['content'] =
        typeof result.content === 'string' ? [{ type: 'text', text: result.content }] : (result.content as MemberResult['content']);
      const text = content.filter((block) => block.type === 'text').map((block) => block.text ?? '').join('\n');
      return { isError: result.isError, text, content };
    } catch (error) {
      // Right after the worker starts, its first context can lack chrome.*: try again.
      if (attempt < 50 && /is not defined/.test(String(error))) continue;
      throw error;
    }
  }
}

/** Navigates the fixture tab to `path` (on the fixture server unless it is a full URL) and waits for it to load. */
export async function gotoFixture(steward: Steward, path: string, page: Page = steward.page): Promise<Page> {
  const url = /^[a-z]+:/.test(path) ? path : `${steward.fixtures.url}${path}`;
  await page.goto(url, { waitUntil: 'load' });
  await page.bringToFront();
  return page;
}

/** The ref on the first snapshot line that shows this accessible name, whatever the role. */
export function refByName(snapshot: string, name: string): string {
  const quoted = JSON.stringify(name);
  for (const line of snapshot.split(/\r?\n/)) {
    if (!line.includes(quoted)) continue;
    const ref = /\[(ref_\d+)\]/.exec(line)?.[1];
    if (ref) return ref;
  }
  throw new Error(`refByName: no line with ${quoted} and a ref in snapshot:\n${snapshot.slice(0, 2_000)}`);
}

/** The snapshot line for the element with this ref. */
export function lineOf(snapshot: string, ref: string): string {
  const line = snapshot.split(/\r?\n/).find((candidate) => candidate.includes(`[${ref}]`));
  if (line === undefined) throw new Error(`lineOf: ${ref} is not in snapshot:\n${snapshot.slice(0, 2_000)}`);
  return line;
}

/** What a fixture page recorded in window.events (see tests/fixtures/pages/hard/). */
export async function pageEvents(page: Page | import('puppeteer').Frame): Promise<Array<{ name: string } & Record<string, unknown>>> {
  return page.evaluate(() => (window as unknown as { events?: Array<{ name: string } & Record<string, unknown>> }).events ?? []);
}

/** The browser_state block of a member result, if it carries one. */
export function browserStateOf(result: MemberResult): { tabs?: unknown[]; state_changes?: Array<Record<string, unknown>> } | undefined {
  return result.content.find((block) => block.type === 'browser_state') as { tabs?: unknown[]; state_changes?: Array<Record<string, unknown>> } | undefined;
}

/** Effects the fixture server counted whose name starts with `prefix`. */
export function effectsStartingWith(steward: Pick<Steward, 'fixtures'>, prefix: string): Array<[string, number]> {
  return [...steward.fixtures.effects].filter(([name]) => name.startsWith(prefix));
}

/**
 * The ref of the element that shows `text`: the line's own ref, or else the ref of the nearest
 * enclosing line (less indented, above it) that has one, for snapshots that print an element's
 * text as its child.
 */
export function refForText(snapshot: string, text: string): string {
  const lines = snapshot.split(/\r?\n/);
  const indent = (line: string) => /^\s*/.exec(line)![0].length;
  const index = lines.findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`refForText: ${JSON.stringify(text)} is not in snapshot:\n${snapshot.slice(0, 2_000)}`);
  let depth = indent(lines[index]!) + 1;
  for (let i = index; i >= 0; i--) {
    const line = lines[i]!;
    if (indent(line) >= depth) continue;
    depth = indent(line);
    const ref = /\[(ref_\d+)\]/.exec(line)?.[1];
    if (ref) return ref;
    if (depth === 0) break;
  }
  throw new Error(`refForText: no ref on or around the line showing ${JSON.stringify(text)}:\n${snapshot.slice(0, 2_000)}`);
}

/** The element lines of a snapshot (those that carry a ref or a quoted name), without its header. */
export function snapshotLines(snapshot: string): string[] {
  return snapshot.split(/\r?\n/).filter((line) => /^\s*[a-z][\w-]*(\s+"|\s+\[ref_|\s*$)/.test(line) && !/^(Page|Showing|Scrolled):?/.test(line.trim()));
}

/**
 * Stops Steward's service worker the way Chrome does when it idles it: in-flight fetches and
 * timers die with it. The open panel's port wakes it again and it resumes its tasks. Puppeteer
 * holds a restarted worker at "waiting for debugger" (it auto-attaches to workers and does not
 * resume one whose target it already knows), so the test lets it run, as Chrome would by itself.
 */
export async function stopServiceWorker(steward: Pick<Steward, 'browser' | 'extensionId' | 'page'>): Promise<void> {
  const session = await steward.page.createCDPSession();
  const statuses: string[] = [];
  const waiters = new Set<() => void>();
  const reached = (status: string, timeoutMs = 15_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!statuses.includes(status)) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => reject(new Error(`Steward's worker never reached "${status}" (saw ${statuses.join(', ')})`)), timeoutMs);
      waiters.add(check);
      check();
    });
  let versionId: string | undefined;
  session.on('ServiceWorker.workerVersionUpdated', (event) => {
    for (const version of event.versions as Array<{ versionId: string; scriptURL: string; runningStatus: string }>) {
      if (!version.scriptURL.startsWith(`chrome-extension://${steward.extensionId}/`)) continue;
      versionId = version.versionId;
      statuses.push(version.runningStatus);
    }
    for (const wake of [...waiters]) wake();
  });
  try {
    await session.send('ServiceWorker.enable');
    await reached('running');
    statuses.length = 0;
    await session.send('ServiceWorker.stopWorker', { versionId: versionId! });
    await reached('stopped');
    await reached('starting');
    const browserSession = await steward.browser.target().createCDPSession();
    const { targetInfos } = await browserSession.send('Target.getTargets');
    const worker = targetInfos.find((target) => target.type === 'service_worker' && target.url.startsWith(`chrome-extension://${steward.extensionId}/`));
    if (worker) {
      const { sessionId } = await browserSession.send('Target.attachToTarget', { targetId: worker.targetId, flatten: true });
      const workerSession = browserSession.connection()?.session(sessionId);
      await workerSession?.send('Runtime.runIfWaitingForDebugger');
      await workerSession?.detach().catch(() => undefined);
    }
    await reached('running');
    await browserSession.detach().catch(() => undefined);
  } finally {
    await session.detach().catch(() => undefined);
  }
}

/**
 * Evaluates an expression in Steward's service worker through a CDP session of its own, which
 * keeps working across worker restarts (puppeteer's WebWorker handle does not).
 */
export async function evaluateInWorker(steward: Pick<Steward, 'browser' | 'extensionId'>, expression: string, options: { userGesture?: boolean } = {}): Promise<unknown> {
  const browserSession = await steward.browser.target().createCDPSession();
  try {
    const { targetInfos } = await browserSession.send('Target.getTargets');
    const worker = targetInfos.find((target) => target.type === 'service_worker' && target.url.startsWith(`chrome-extension://${steward.extensionId}/`));
    if (!worker) throw new Error("Steward's service worker is not running.");
    const { sessionId } = await browserSession.send('Target.attachToTarget', { targetId: worker.targetId, flatten: true });
    const session = browserSession.connection()!.session(sessionId)!;
    const { result, exceptionDetails } = await session.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true, userGesture: options.userGesture ?? false });
    await session.detach().catch(() => undefined);
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value;
  } finally {
    await browserSession.detach().catch(() => undefined);
  }
}

/**
 * The setup member tests share: one browser for the file, side effects cleared and the viewport
 * set before each test. `bind` receives the launched Steward for the file's own variable.
 */
export function useSteward(bind: (steward: Steward) => void, options: { viewport?: { width: number; height: number } } = {}): void {
  let launched: Steward | undefined;
  beforeAll(async () => {
    launched = await launchSteward();
    bind(launched);
  });
  afterAll(() => launched?.close());
  beforeEach(async () => {
    launched!.fixtures.effects.clear();
    if (options.viewport) await launched!.page.setViewport(options.viewport);
  });
}

/** A member runner on the Steward's fixture page. */
export function memberRunner(steward: () => Steward) {
  return (name: string, input: Record<string, unknown> = {}) => runMember(steward(), steward().page, name, input);
}

/**
 * The setup full-chain tests share: one browser for the file with the API key saved, and before
 * each test a clean mock, no recorded side effects, and the start page loaded again.
 */
export function useConfiguredSteward(bind: (steward: Steward) => void, startPath: string): void {
  let launched: Steward | undefined;
  beforeAll(async () => {
    launched = await launchSteward({ startPath });
    await configure(launched, { apiKey: launched.mock.apiKey });
    bind(launched);
  });
  afterAll(() => launched?.close());
  beforeEach(async () => {
    launched!.mock.reset();
    launched!.fixtures.effects.clear();
    await launched!.page.goto(`${launched!.fixtures.url}${startPath}`);
  });
}
