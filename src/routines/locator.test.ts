import { describe, expect, it } from 'vitest';
import type { FindCandidate } from '../protocol/content';
import { locatorFor, resolveLocator, urlPattern } from './locator';

let order = 0;
const candidate = (ref: string, role: string, name: string, nearbyText?: string): FindCandidate => ({
  ref,
  role,
  name,
  tag: role === 'link' ? 'a' : 'button',
  ...(nearbyText ? { nearbyText } : {}),
  inViewport: true,
  interactive: true,
  order: order++,
});

const shop = 'https://shop.test/search?q=kettle';
const results = () => [
  candidate('ref_1', 'searchbox', 'Search'),
  candidate('ref_2', 'link', 'Kettle Pro', 'Kettle Pro 1.7 l'),
  candidate('ref_3', 'link', 'Kettle Mini', 'Kettle Mini 1 l'),
  candidate('ref_4', 'button', 'Add to cart', 'Kettle Pro 1.7 l'),
  candidate('ref_5', 'button', 'Add to cart', 'Kettle Mini 1 l'),
];

describe('locators', () => {
  it('keep the page, not its query or fragment', () => {
    expect(urlPattern('https://shop.test/search/?q=tea#top')).toBe('https://shop.test/search');
    expect(urlPattern('https://shop.test')).toBe('https://shop.test/');
  });

  it('find the same element again on a fresh load, under its new ref', () => {
    const locator = locatorFor(results(), 'ref_5', shop)!;
    expect(locator).toMatchObject({ role: 'button', name: 'Add to cart', context: 'Kettle Mini 1 l', index: 1, count: 2 });
    const fresh = results().map((entry) => ({ ...entry, ref: entry.ref.replace('ref_', 'ref_1') }));
    expect(resolveLocator(fresh, locator, 'https://shop.test/search?q=other')).toEqual({ found: true, ref: 'ref_15' });
  });

  it('tell equal elements apart by their position among equals', () => {
    const page = [candidate('ref_1', 'button', 'More'), candidate('ref_2', 'button', 'More')];
    const locator = locatorFor(page, 'ref_2', shop)!;
    expect(locator).toMatchObject({ index: 1, count: 2 });
    expect(resolveLocator([candidate('ref_7', 'button', 'More'), candidate('ref_8', 'button', 'More')], locator, shop)).toEqual({ found: true, ref: 'ref_8' });
  });

  it('diverge when the target was renamed', () => {
    const locator = locatorFor(results(), 'ref_4', shop)!;
    const renamed = results().map((entry) => (entry.name === 'Add to cart' ? { ...entry, name: 'Buy now' } : entry));
    expect(resolveLocator(renamed, locator, shop)).toMatchObject({ found: false, reason: expect.stringContaining('no longer on the page') });
  });

  it('find a lone element whatever its surroundings say now, but tell equals apart by theirs', () => {
    const alone = locatorFor([candidate('ref_1', 'searchbox', 'Search', 'Search')], 'ref_1', shop)!;
    expect(resolveLocator([candidate('ref_2', 'searchbox', 'Search', 'Go')], alone, shop)).toEqual({ found: true, ref: 'ref_2' });
    const second = locatorFor(results(), 'ref_5', shop)!;
    const swapped = results().map((entry) => (entry.name === 'Add to cart' ? { ...entry, nearbyText: entry.ref === 'ref_4' ? 'Kettle Mini 1 l' : 'Kettle Pro 1.7 l' } : entry));
    expect(resolveLocator(swapped, second, shop)).toMatchObject({ found: false, reason: expect.stringContaining('not where it was') });
  });

  it('diverge when equal elements became more or fewer', () => {
    const locator = locatorFor([candidate('ref_1', 'button', 'More')], 'ref_1', shop)!;
    const now = [candidate('ref_2', 'button', 'More'), candidate('ref_3', 'button', 'More')];
    expect(resolveLocator(now, locator, shop)).toMatchObject({ found: false, reason: expect.stringContaining('2 times, not 1') });
  });

  it('diverge when the list around the target was reordered', () => {
    const locator = locatorFor(results(), 'ref_2', shop)!;
    const [search, pro, mini, ...rest] = results();
    const reordered = [search!, { ...mini!, order: pro!.order }, { ...pro!, order: mini!.order }, ...rest];
    expect(resolveLocator(reordered, locator, shop)).toMatchObject({ found: false, reason: expect.stringContaining('reordered') });
  });

  it('diverge on another page', () => {
    const locator = locatorFor(results(), 'ref_2', shop)!;
    expect(resolveLocator(results(), locator, 'https://shop.test/cart')).toMatchObject({ found: false, reason: expect.stringContaining('not https://shop.test/search') });
  });

  it('have nothing to say about a ref that is not a candidate', () => {
    expect(locatorFor(results(), 'ref_99', shop)).toBeUndefined();
  });
});
