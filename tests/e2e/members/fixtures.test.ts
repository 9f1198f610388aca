/**
 * Checks the hard fixture pages themselves, driven by puppeteer's own trusted input and no
 * extension: when a member test fails, this file says whether the page or Steward is at fault.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { DOWNLOAD_BODY, type FixtureServer, startFixtureServer } from '../../fixtures/server';
import { CHROMIUM, pageEvents } from '../harness';

let browser: Browser;
let fixtures: FixtureServer;
let page: Page;

beforeAll(async () => {
  fixtures = await startFixtureServer();
  browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, pipe: true, args: ['--no-sandbox', '--disable-gpu'] });
  page = (await browser.pages())[0] ?? (await browser.newPage());
});
afterAll(async () => {
  await browser?.close();
  await fixtures?.close();
});
beforeEach(async () => {
  fixtures.effects.clear();
  await page.setViewport({ width: 800, height: 600 });
});

const open = (path: string) => page.goto(`${fixtures.url}${path}`, { waitUntil: 'load' });
const names = async () => (await pageEvents(page)).map((event) => event.name);

it('serves the cross-origin child from a second port on another host, in its own frame', async () => {
  expect(new URL(fixtures.crossOriginUrl).port).not.toBe(new URL(fixtures.url).port);
  await open(`/hard/iframes.html?child=${encodeURIComponent(`${fixtures.crossOriginUrl}/hard/frame-child.html?name=Cross`)}`);
  const frame = await page.waitForFrame((candidate) => candidate.url().startsWith(fixtures.crossOriginUrl));
  expect(await frame.$eval('#press', (button) => button.textContent)).toBe('Cross frame button');
  // Another site: Chromium gives the frame its own target (an out-of-process iframe).
  expect(browser.targets().some((target) => target.url().startsWith(fixtures.crossOriginUrl))).toBe(true);
  await page.mouse.click(360 + 120, 300 + 40);
  await fixtures.waitForEffect('frame-click:Cross:trusted', 1);
  expect((await pageEvents(frame))[0]).toMatchObject({ x: 120, y: 40 });
});

it('renders the Preact form, whose controlled state follows typing', async () => {
  await open('/hard/controlled.html');
  await page.waitForSelector('body[data-ready="true"]');
  await page.type('::-p-aria([name="Promo code"][role="textbox"])', 'spring');
  await page.waitForFunction(() => document.getElementById('summary')?.textContent?.includes('Code=SPRING'));
  await page.click('::-p-aria([name="Place order"])');
  await fixtures.waitForEffect('order:|SPRING|1|false|basic', 1);
});

it('the click page records middle, double, triple clicks and modifiers', async () => {
  await open('/hard/clicks.html');
  await page.mouse.click(200, 150, { button: 'middle' });
  await page.mouse.click(200, 150, { button: 'right' });
  await page.mouse.click(200, 150, { count: 2 });
  await page.keyboard.down('Shift');
  await page.mouse.click(200, 150);
  await page.keyboard.up('Shift');
  await page.mouse.click(150, 268, { count: 3 });
  await fixtures.waitForEffect('para-triple:trusted', 1);
  const seen = await names();
  expect(seen).toContain('auxclick:1:1:none:trusted');
  expect(seen).toContain('contextmenu:2:0:none:trusted');
  expect(seen).toContain('dblclick:0:2:none:trusted');
  expect(seen).toContain('click:0:1:shift:trusted');
  expect((await pageEvents(page)).find((e) => e.name === 'para-triple:trusted')?.selection).toBe('Quick brown foxes jump over lazy dogs.');
});

it('the modal covers the delete button, and a click there hits the overlay', async () => {
  await open('/hard/modal.html');
  expect(await page.evaluate(() => document.elementFromPoint(290, 275)?.id)).toBe('consent');
  await page.mouse.click(290, 275);
  await fixtures.waitForEffect('overlay-click:trusted', 1);
  expect(fixtures.effects.get('delete:trusted')).toBeUndefined();
});

it('the drag page accepts HTML5 drag and drop and a pointer drag of the slider', async () => {
  await open('/hard/drag.html');
  await page.mouse.move(110, 310);
  await page.mouse.down();
  await page.mouse.move(420, 310, { steps: 5 });
  await page.mouse.up();
  await fixtures.waitForEffect('slider:80:trusted', 1);
  await page.mouse.move(100, 90);
  await page.mouse.down();
  await page.mouse.move(300, 100, { steps: 5 });
  await page.mouse.move(500, 120, { steps: 5 });
  await page.mouse.up();
  await fixtures.waitForEffect('drop:Card A:trusted', 1);
});

it('the hover page opens both menus on hover', async () => {
  await open('/hard/hover.html');
  await page.mouse.move(100, 95);
  await fixtures.waitForEffect('products-enter:trusted', 1);
  expect(await page.$eval('#laptops', (link) => (link as HTMLElement).offsetHeight > 0)).toBe(true);
  await page.mouse.move(480, 100);
  await fixtures.waitForEffect('account-enter:trusted', 1);
});

it('the feed loads more on scroll, and the Messages box scrolls by itself', async () => {
  await open('/hard/infinite.html');
  await page.mouse.move(650, 120);
  await page.mouse.wheel({ deltaY: 300 });
  await page.waitForFunction(() => document.getElementById('box')!.scrollTop > 0);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await page.mouse.move(200, 300);
  for (let i = 0; i < 6 && !fixtures.effects.get('loaded-more'); i++) await page.mouse.wheel({ deltaY: 1000 });
  await fixtures.waitForEffect('loaded-more', 1);
});

it('the keys page measures how long a key was held', async () => {
  await open('/hard/keys.html');
  await page.focus('#notes');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await fixtures.waitForEffect('third-activated:trusted', 1);
  await page.keyboard.down('Shift');
  await page.waitForFunction(() => true);
  await page.keyboard.up('Shift');
  await fixtures.waitForEffect('keyup:Shift:trusted', 1);
});

it('the dialogs page reports what each dialog returned', async () => {
  await open('/hard/dialogs.html');
  const handler = (dialog: import('puppeteer').Dialog) => void dialog.dismiss();
  page.on('dialog', handler);
  await page.click('::-p-aria(Ask confirm)');
  await page.click('::-p-aria(Ask prompt)');
  await page.click('::-p-aria(Show alert)');
  await fixtures.waitForEffect('confirm:false', 1);
  await fixtures.waitForEffect('prompt:null', 1);
  await fixtures.waitForEffect('alert-returned', 1);
  page.off('dialog', handler);
});

it('the re-render page replaces its buttons with new elements', async () => {
  await open('/hard/rerender.html');
  const before = await page.$('::-p-aria(Open Beta)');
  await page.click('#reload');
  expect(await before!.evaluate((button) => button.isConnected)).toBe(false);
});

it('a click on the download link downloads the file in this Chromium', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'steward-fixture-downloads-'));
  const session = await browser.target().createCDPSession();
  await session.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: directory, eventsEnabled: true });
  const completed = new Promise<void>((resolve) =>
    session.on('Browser.downloadProgress', (event) => {
      if (event.state === 'completed') resolve();
    }),
  );
  await open('/hard/download.html');
  await page.click('::-p-aria(Download notes)');
  await completed;
  expect(readFileSync(join(directory, 'notes.txt'), 'utf8')).toBe(DOWNLOAD_BODY);
  expect(page.url()).toBe(`${fixtures.url}/hard/download.html`);
  await session.detach();
});

it('serves the download as an attachment, and the hidden page hides what it should', async () => {
  const response = await fetch(`${fixtures.url}/download/notes.txt`);
  expect(response.headers.get('content-disposition')).toContain('attachment');
  expect(await response.text()).toBe(DOWNLOAD_BODY);
  expect((await fetch(`${fixtures.url}/status/404`)).status).toBe(404);
  const redirect = await fetch(`${fixtures.url}/redirect?to=/hard/article.html`, { redirect: 'manual' });
  expect(redirect.status).toBe(302);
  await open('/hard/hidden.html');
  const snapshot = JSON.stringify(await page.accessibility.snapshot({ interestingOnly: true }));
  expect(snapshot).toContain('Visible action');
  for (const hidden of ['Hidden by display', 'Hidden by visibility', 'Hidden by aria', 'Hidden by inert', 'Hidden by attribute']) expect(snapshot).not.toContain(hidden);
  expect(await page.$eval('.zero', (button) => button.getBoundingClientRect().width * button.getBoundingClientRect().height)).toBe(0);
});

it('the table has 10,000 rows and the frozen page blocks its main thread', async () => {
  await open('/hard/table.html');
  expect(await page.$$eval('#rows tr', (rows) => rows.length)).toBe(10_000);
  await open('/hard/hang.html');
  expect(await page.evaluate(() => typeof (window as unknown as { freeze?: unknown }).freeze)).toBe('function');
});
