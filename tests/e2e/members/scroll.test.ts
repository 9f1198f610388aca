import { expect, it } from 'vitest';
import { findRef } from '../../mock-anthropic/conversation';
import { gotoFixture, type Steward, memberRunner, useSteward } from '../harness';

let steward: Steward;
useSteward((launched) => (steward = launched), { viewport: { width: 800, height: 600 } });

const run = memberRunner(() => steward);
const at = (x: number, y: number) => ({ type: 'coordinate', x, y });
const scrollY = () => steward.page.evaluate(() => window.scrollY);
const boxTop = () => steward.page.$eval('#box', (box) => box.scrollTop);

it('scroll sends trusted wheel events at the point: over the page it scrolls the page', async () => {
  await gotoFixture(steward, '/hard/infinite.html');
  const result = await run('scroll', { scroll_direction: 'down', target: at(200, 300), scroll_amount: 3 });
  expect(result.isError).toBe(false);
  await steward.fixtures.waitForEffect('window-wheel:trusted', 1);
  await steward.page.waitForFunction(() => window.scrollY > 0);
  expect(await boxTop()).toBe(0);
});

it('scroll over a scroll container scrolls that container, not the page', async () => {
  await gotoFixture(steward, '/hard/infinite.html');
  // The Messages box is fixed at x 520..780, y 20..220.
  const result = await run('scroll', { scroll_direction: 'down', target: at(650, 120), scroll_amount: 3 });
  expect(result.isError).toBe(false);
  await steward.fixtures.waitForEffect('box-wheel:trusted', 1);
  await steward.page.waitForFunction(() => document.getElementById('box')!.scrollTop > 0);
  expect(await scrollY()).toBe(0);
});

it('scrolling to the bottom of an infinite feed loads more items', async () => {
  await gotoFixture(steward, '/hard/infinite.html');
  for (let attempt = 0; attempt < 6 && !steward.fixtures.effects.get('loaded-more'); attempt++) {
    const result = await run('scroll', { scroll_direction: 'down', target: at(200, 300), scroll_amount: 10 });
    expect(result.isError).toBe(false);
  }
  await steward.fixtures.waitForEffect('loaded-more', 1);
  expect(await steward.page.$$eval('#feed li', (items) => items.length)).toBeGreaterThanOrEqual(40);
});

it('scroll up goes back toward the top', async () => {
  await gotoFixture(steward, '/hard/infinite.html');
  await steward.page.evaluate(() => window.scrollTo(0, 600));
  await steward.page.waitForFunction(() => window.scrollY === 600);
  expect((await run('scroll', { scroll_direction: 'up', target: at(200, 300), scroll_amount: 2 })).isError).toBe(false);
  await steward.page.waitForFunction(() => window.scrollY < 600);
});

it('scroll_to brings an off-viewport element into view', async () => {
  await gotoFixture(steward, '/hard/semantics.html');
  const { text } = await run('read_page', { filter: 'all' });
  const result = await run('scroll_to', { target: { type: 'ref', ref: findRef(text, 'button', 'Far away button') } });
  expect(result.isError).toBe(false);
  const box = await steward.page.$eval('#far button', (button) => {
    const rect = button.getBoundingClientRect();
    return { top: rect.top, bottom: rect.bottom, height: innerHeight };
  });
  expect(box.top).toBeGreaterThanOrEqual(0);
  expect(box.bottom).toBeLessThanOrEqual(box.height);
  // Nothing was clicked on the way.
  expect(await steward.page.evaluate(() => (window as unknown as { events: unknown[] }).events)).toEqual([]);
});
