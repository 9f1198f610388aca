/**
 * Checks the hard fixture pages themselves, driven by puppeteer's own trusted input and no
 * extension: when a member test fails, this file says whether the page or Steward is at fault.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { DOWNLOAD_BODY } from '../../fixtures/server';
import { pageEvents } from '../harness';
import { usePlainBrowser } from './plain-browser';

const plain = usePlainBrowser();
const { open, names } = plain;

it('serves the cross-origin child from a second port on another host, in its own frame', async () => {
  expect(new URL(plain.fixtures.crossOriginUrl).port).not.toBe(new URL(plain.fixtures.url).port);
  await open(`/hard/iframes.html?child=${encodeURIComponent(`${plain.fixtures.crossOriginUrl}/hard/frame-child.html?name=Cross`)}`);
  const frame = await plain.page.waitForFrame((candidate) => candidate.url().startsWith(plain.fixtures.crossOriginUrl));
  expect(await frame.$eval('#press', (button) => button.textContent)).toBe('Cross frame button');
  // Another site: Chromium gives the frame its own target (an out-of-process iframe).
  expect(plain.browser.targets().some((target) => target.url().startsWith(plain.fixtures.crossOriginUrl))).toBe(true);
  await plain.page.mouse.click(360 + 120, 300 + 40);
  await plain.fixtures.waitForEffect('frame-click:Cross:trusted', 1);
  expect((await pageEvents(frame))[0]).toMatchObject({ x: 120, y: 40 });
});

it('renders the Preact form, whose controlled state follows typing', async () => {
  await open('/hard/controlled.html');
  await plain.page.waitForSelector('body[data-ready="true"]');
  await plain.page.type('::-p-aria([name="Promo code"][role="textbox"])', 'spring');
  await plain.page.waitForFunction(() => document.getElementById('summary')?.textContent?.includes('Code=SPRING'));
  await plain.page.click('::-p-aria([name="Place order"])');
  await plain.fixtures.waitForEffect('order:|SPRING|1|false|basic', 1);
});

it('the click page records middle, double, triple clicks and modifiers', async () => {
  await open('/hard/clicks.html');
  await plain.page.mouse.click(200, 150, { button: 'middle' });
  await plain.page.mouse.click(200, 150, { button: 'right' });
  await plain.page.mouse.click(200, 150, { count: 2 });
  await plain.page.keyboard.down('Shift');
  await plain.page.mouse.click(200, 150);
  await plain.page.keyboard.up('Shift');
  await plain.page.mouse.click(150, 268, { count: 3 });
  await plain.fixtures.waitForEffect('para-triple:trusted', 1);
  const seen = await names();
  expect(seen).toContain('auxclick:1:1:none:trusted');
  expect(seen).toContain('contextmenu:2:0:none:trusted');
  expect(seen).toContain('dblclick:0:2:none:trusted');
  expect(seen).toContain('click:0:1:shift:trusted');
  expect((await pageEvents(plain.page)).find((e) => e.name === 'para-triple:trusted')?.selection).toBe('Quick brown foxes jump over lazy dogs.');
});

it('the modal covers the delete button, and a click there hits the overlay', async () => {
  await open('/hard/modal.html');
  expect(await plain.page.evaluate(() => document.elementFromPoint(290, 275)?.id)).toBe('consent');
  await plain.page.mouse.click(290, 275);
  await plain.fixtures.waitForEffect('overlay-click:trusted', 1);
  expect(plain.fixtures.effects.get('delete:trusted')).toBeUndefined();
});

it('the drag page accepts HTML5 drag and drop and a pointer drag of the slider', async () => {
  await open('/hard/drag.html');
  await plain.page.mouse.move(110, 310);
  await plain.page.mouse.down();
  await plain.page.mouse.move(420, 310, { steps: 5 });
  await plain.page.mouse.up();
  await plain.fixtures.waitForEffect('slider:80:trusted', 1);
  await plain.page.mouse.move(100, 90);
  await plain.page.mouse.down();
  await plain.page.mouse.move(300, 100, { steps: 5 });
  await plain.page.mouse.move(500, 120, { steps: 5 });
  await plain.page.mouse.up();
  await plain.fixtures.waitForEffect('drop:Card A:trusted', 1);
});

it('the hover page opens both menus on hover', async () => {
  await open('/hard/hover.html');
  await plain.page.mouse.move(100, 95);
  await plain.fixtures.waitForEffect('products-enter:trusted', 1);
  expect(await plain.page.$eval('#laptops', (link) => (link as HTMLElement).offsetHeight > 0)).toBe(true);
  await plain.page.mouse.move(480, 100);
  await plain.fixtures.waitForEffect('account-enter:trusted', 1);
});

it('the feed loads more on scroll, and the Messages box scrolls by itself', async () => {
  await open('/hard/infinite.html');
  await plain.page.mouse.move(650, 120);
  await plain.page.mouse.wheel({ deltaY: 300 });
  await plain.page.waitForFunction(() => document.getElementById('box')!.scrollTop > 0);
  expect(await plain.page.evaluate(() => window.scrollY)).toBe(0);
  await plain.page.mouse.move(200, 300);
  for (let i = 0; i < 6 && !plain.fixtures.effects.get('loaded-more'); i++) await plain.page.mouse.wheel({ deltaY: 1000 });
  await plain.fixtures.waitForEffect('loaded-more', 1);
});

it('the keys page measures how long a key was held', async () => {
  await open('/hard/keys.html');
  await plain.page.focus('#notes');
  await plain.page.keyboard.press('Tab');
  await plain.page.keyboard.press('Tab');
  await plain.page.keyboard.press('Enter');
  await plain.fixtures.waitForEffect('third-activated:trusted', 1);
  await plain.page.keyboard.down('Shift');
  await plain.page.waitForFunction(() => true);
  await plain.page.keyboard.up('Shift');
  await plain.fixtures.waitForEffect('keyup:Shift:trusted', 1);
});

it('the dialogs page reports what each dialog returned', async () => {
  await open('/hard/dialogs.html');
  const handler = (dialog: import('puppeteer').Dialog) => void dialog.dismiss();
  plain.page.on('dialog', handler);
  await plain.page.click('::-p-aria(Ask confirm)');
  await plain.page.click('::-p-aria(Ask prompt)');
  await plain.page.click('::-p-aria(Show alert)');
  await plain.fixtures.waitForEffect('confirm:false', 1);
  await plain.fixtures.waitForEffect('prompt:null', 1);
  await plain.fixtures.waitForEffect('alert-returned', 1);
  plain.page.off('dialog', handler);
});

it('the re-render page replaces its buttons with new elements', async () => {
  await open('/hard/rerender.html');
  const before = await plain.page.$('::-p-aria(Open Beta)');
  await plain.page.click('#reload');
  expect(await before!.evaluate((button) => button.isConnected)).toBe(false);
});

it('a click on the download link downloads the file in this Chromium', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'steward-fixture-downloads-'));
  const session = await plain.browser.target().createCDPSession();
  await session.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: directory, eventsEnabled: true });
  const completed = new Promise<void>((resolve) =>
    session.on('Browser.downloadProgress', (event) => {
      if (event.state === 'completed') resolve();
    }),
  );
  await open('/hard/download.html');
  await plain.page.click('::-p-aria(Download notes)');
  await completed;
  expect(readFileSync(join(directory, 'notes.txt'), 'utf8')).toBe(DOWNLOAD_BODY);
  expect(plain.page.url()).toBe(`${plain.fixtures.url}/hard/download.html`);
  await session.detach();
});

it('serves the download as an attachment, and the hidden page hides what it should', async () => {
  const response = await fetch(`${plain.fixtures.url}/download/notes.txt`);
  expect(response.headers.get('content-disposition')).toContain('attachment');
  expect(await response.text()).toBe(DOWNLOAD_BODY);
  expect((await fetch(`${plain.fixtures.url}/status/404`)).status).toBe(404);
  const redirect = await fetch(`${plain.fixtures.url}/redirect?to=/hard/article.html`, { redirect: 'manual' });
  expect(redirect.status).toBe(302);
  await open('/hard/hidden.html');
  const snapshot = JSON.stringify(await plain.page.accessibility.snapshot({ interestingOnly: true }));
  expect(snapshot).toContain('Visible action');
  for (const hidden of ['Hidden by display', 'Hidden by visibility', 'Hidden by aria', 'Hidden by inert', 'Hidden by attribute']) expect(snapshot).not.toContain(hidden);
  expect(await plain.page.$eval('.zero', (button) => button.getBoundingClientRect().width * button.getBoundingClientRect().height)).toBe(0);
});

it('the table has 10,000 rows and the frozen page blocks its main thread', async () => {
  await open('/hard/table.html');
  expect(await plain.page.$$eval('#rows tr', (rows) => rows.length)).toBe(10_000);
  await open('/hard/hang.html');
  expect(await plain.page.evaluate(() => typeof (window as unknown as { freeze?: unknown }).freeze)).toBe('function');
});
