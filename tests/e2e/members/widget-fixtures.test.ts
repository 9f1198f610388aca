/**
 * Checks the widget fixture pages themselves, driven by puppeteer's own trusted input and no
 * extension: when widgets.test.ts fails, this file says whether the page or Steward is at fault.
 */
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../../fixtures/server';
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

it('the jQuery UI autocomplete shows div tabindex=-1 items after typing, and a click on one picks it through the list\'s handler', async () => {
  await open('/widgets/autocomplete.html');
  await page.type('#country', 'Lat');
  const item = await page.waitForSelector('.ui-autocomplete li > div[tabindex="-1"]', { visible: true });
  expect(await item!.evaluate((el) => [el.textContent, el.getAttribute('role'), el.parentElement!.parentElement!.getAttribute('role')])).toEqual(['Latvia', null, null]);
  await item!.click();
  expect(await page.$eval('#country', (input) => (input as HTMLInputElement).value)).toBe('Latvia');
  expect(await names()).toEqual(['country:Latvia']);
});

it('the typeahead lists suggestions after typing; its one handler on the menu picks the clicked one', async () => {
  await open('/widgets/autocomplete.html');
  await page.type('#city', 'R');
  await (await page.waitForSelector('.tt-suggestion:nth-child(3)', { visible: true }))!.click();
  expect(await page.$eval('#city', (input) => (input as HTMLInputElement).value)).toBe('Rotterdam');
  expect(await names()).toEqual(['city:Rotterdam:trusted']);
});

it('the menubar roves with the arrow keys, opens File with ArrowDown, and Enter on Save As… runs it', async () => {
  await open('/widgets/menubar.html');
  await page.focus('.mb-label');
  await page.keyboard.press('ArrowRight');
  expect(await page.evaluate(() => [document.activeElement?.textContent, [...document.querySelectorAll('.mb-label')].map((el) => (el as HTMLElement).tabIndex)])).toEqual(['Edit', [-1, 0, -1]]);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowDown');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Save As…');
  await page.keyboard.press('Enter');
  // The menu turns Enter into a scripted click, as menu libraries do: the page reports it as untrusted.
  expect(await names()).toEqual(['action:save-as:untrusted']);
});

it('the listbox moves focus with the arrow keys and a click selects through the list\'s handler', async () => {
  await open('/widgets/listbox.html');
  await page.focus('.picker li[tabindex="0"]');
  await page.keyboard.press('ArrowDown');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Belgium');
  await page.click('.picker li[data-value="lv"]');
  expect(await page.$eval('#chosen', (output) => output.textContent)).toBe('Latvia');
  expect(await names()).toEqual(['country:lv:trusted']);
});
