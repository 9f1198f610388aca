/**
 * Checks the widget fixture pages themselves, driven by puppeteer's own trusted input and no
 * extension: when widgets.test.ts fails, this file says whether the page or Steward is at fault.
 */
import { expect, it } from 'vitest';
import { usePlainBrowser } from './plain-browser';

const plain = usePlainBrowser();
const { open, names } = plain;

it('the jQuery UI autocomplete shows div tabindex=-1 items after typing, and a click on one picks it through the list\'s handler', async () => {
  await open('/widgets/autocomplete.html');
  await plain.page.type('#country', 'Lat');
  const item = await plain.page.waitForSelector('.ui-autocomplete li > div[tabindex="-1"]', { visible: true });
  expect(await item!.evaluate((el) => [el.textContent, el.getAttribute('role'), el.parentElement!.parentElement!.getAttribute('role')])).toEqual(['Latvia', null, null]);
  await item!.click();
  expect(await plain.page.$eval('#country', (input) => (input as HTMLInputElement).value)).toBe('Latvia');
  expect(await names()).toEqual(['country:Latvia']);
});

it('the typeahead lists suggestions after typing; its one handler on the menu picks the clicked one', async () => {
  await open('/widgets/autocomplete.html');
  await plain.page.type('#city', 'R');
  await (await plain.page.waitForSelector('.tt-suggestion:nth-child(3)', { visible: true }))!.click();
  expect(await plain.page.$eval('#city', (input) => (input as HTMLInputElement).value)).toBe('Rotterdam');
  expect(await names()).toEqual(['city:Rotterdam:trusted']);
});

it('the menubar roves with the arrow keys, opens File with ArrowDown, and Enter on Save As… runs it', async () => {
  await open('/widgets/menubar.html');
  await plain.page.focus('.mb-label');
  await plain.page.keyboard.press('ArrowRight');
  expect(await plain.page.evaluate(() => [document.activeElement?.textContent, [...document.querySelectorAll('.mb-label')].map((el) => (el as HTMLElement).tabIndex)])).toEqual(['Edit', [-1, 0, -1]]);
  await plain.page.keyboard.press('ArrowLeft');
  await plain.page.keyboard.press('ArrowDown');
  for (let i = 0; i < 3; i++) await plain.page.keyboard.press('ArrowDown');
  expect(await plain.page.evaluate(() => document.activeElement?.textContent)).toBe('Save As…');
  await plain.page.keyboard.press('Enter');
  // The menu turns Enter into a scripted click, as menu libraries do: the plain.page reports it as untrusted.
  expect(await names()).toEqual(['action:save-as:untrusted']);
});

it('the listbox moves focus with the arrow keys and a click selects through the list\'s handler', async () => {
  await open('/widgets/listbox.html');
  await plain.page.focus('.picker li[tabindex="0"]');
  await plain.page.keyboard.press('ArrowDown');
  expect(await plain.page.evaluate(() => document.activeElement?.textContent)).toBe('Belgium');
  await plain.page.click('.picker li[data-value="lv"]');
  expect(await plain.page.$eval('#chosen', (output) => output.textContent)).toBe('Latvia');
  expect(await names()).toEqual(['country:lv:trusted']);
});
