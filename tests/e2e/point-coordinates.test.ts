import type { Frame, Page } from 'puppeteer';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { configure, launchSteward, runMember, type Steward } from './harness';
import { answerCard, cardText, centreOfColour, lastResult, panelState, runScripted, setZoom } from './adversarial-helpers';

/**
 * A coordinate is judged where the click lands. The model reads a point off a screenshot of a page
 * that is scaled (CSS transform), scrolled, zoomed to 125% and has its buttons in a frame, with the
 * side panel open beside it; the policy judges the element under that point, and the page records
 * which element the click reached. The two must be the same element.
 */

const YELLOW: [number, number, number] = [0xf0, 0xc1, 0x4b];
const BLUE: [number, number, number] = [0x7f, 0xd3, 0xf7];

let steward: Steward;
let decoder: Page;
let url: string;

beforeAll(async () => {
  steward = await launchSteward({ startPath: '/point/scaled-checkout.html' });
  await configure(steward, { apiKey: steward.mock.apiKey });
  decoder = await steward.browser.newPage();
  url = `${steward.fixtures.url}/point/scaled-checkout.html`;
  // The debugger's infobar appears at the first attach and shrinks the view: attach once first, so
  // every test starts from the steady state a person's window is in.
  await steward.page.bringToFront();
  await runMember(steward, steward.page, 'screenshot');
}, 90_000);
afterAll(() => steward?.close());

let frame: Frame;
beforeEach(async () => {
  steward.mock.reset();
  steward.fixtures.effects.clear();
  await steward.page.goto(url, { waitUntil: 'load' });
  await steward.page.bringToFront();
  await setZoom(steward, url, 1.25);
  frame = (await (await steward.page.waitForSelector('#summary'))!.contentFrame())!;
  await frame.waitForSelector('#place-order');
  // Scrolled so the frame sits mid-viewport, far below the top of the page.
  await steward.page.evaluate(() => document.getElementById('summary')!.scrollIntoView({ block: 'center' }));
  const state = await steward.page.evaluate(() => ({ zoom: devicePixelRatio, scrollY, width: innerWidth }));
  expect(state.zoom).toBeCloseTo(1.25);
  expect(state.scrollY).toBeGreaterThan(500);
});

const clicks = () => frame.evaluate(() => (window as unknown as { clicks: string[] }).clicks);
const textOf = (id: string) => frame.$eval(`#${id}`, (element) => (element as HTMLElement).innerText.trim());
const screenshotThenClick = (rgb: [number, number, number]) => [
  { name: 'screenshot', input: {} },
  async (previous: Parameters<typeof centreOfColour>[1]) => ({ name: 'left_click', input: { target: { type: 'coordinate', ...(await centreOfColour(decoder, previous, rgb)) } } }),
];

it('"Place Order" read off a screenshot of a scaled, scrolled, zoomed page, inside a frame, is judged as "Place Order", and the click reaches it', async () => {
  const { outcome, marker } = await runScripted(steward, screenshotThenClick(YELLOW));
  expect(outcome).toBe('asked');
  const card = await cardText(steward.panel);
  const judged = /"([^"]+)"/.exec(card.slice(card.indexOf('It would press')))?.[1];
  expect(card).toMatch(/It would press "Place Order"/);
  await answerCard(steward.panel, 'Approve', marker);
  const pressed = await clicks();
  expect(pressed).toEqual(['place-order']);
  // The element the policy judged is the element the page says was pressed.
  expect(judged).toBe(await textOf(pressed[0]!));
  expect(steward.fixtures.effects.get('place-order')).toBe(1);
});

it('an ordinary button at another point of the same page runs without a card, and the click reaches that button', async () => {
  const { outcome, marker } = await runScripted(steward, screenshotThenClick(BLUE));
  expect(outcome).toBe('finished');
  await panelState(steward.panel, marker, 'finished');
  expect(lastResult(steward).result.is_error).toBeFalsy();
  expect(await clicks()).toEqual(['coupon']);
  expect(steward.fixtures.effects.get('place-order')).toBeUndefined();
});

it('when the page moves between the check and the click, nothing is clicked and the model is told', async () => {
  const { outcome, marker } = await runScripted(steward, screenshotThenClick(YELLOW));
  expect(outcome).toBe('asked');
  expect(await cardText(steward.panel)).toMatch(/It would press "Place Order"/);
  // The page scrolls while the card waits: what was judged is no longer under the point.
  await steward.page.evaluate(() => window.scrollBy(0, 120));
  await answerCard(steward.panel, 'Approve', marker);
  const { result, text } = lastResult(steward);
  expect(result.is_error).toBe(true);
  expect(text).toMatch(/changed after Steward checked it/);
  expect(await clicks()).not.toContain('place-order');
  expect(steward.fixtures.effects.get('place-order')).toBeUndefined();
});
