import { describe, expect, it } from 'vitest';
import type { FindCandidate } from '../protocol/content';
import type { FrameStep } from '../protocol/content';
import { frameStepsOf } from './frame-path';
import { urlPattern } from './frame-path';
import { locatorFor, locatorSchema, resolveLocator } from './locator';
import { traceSchema } from './trace';

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

describe('frame paths', () => {
  const [searchFrame, helpFrame] = frameStepsOf([
    { src: 'https://shop.test/search-frame.html?session=1', title: 'Product search' },
    { src: 'https://help.test/widget.html', title: 'Help' },
  ]) as [FrameStep, FrameStep];
  const inFrame = (entry: FindCandidate, frame: FrameStep): FindCandidate => ({ ...entry, frame: [frame] });
  /** A page whose search box sits in one frame, and a help widget in another frame has a search box of the same name. */
  const framed = (first: FrameStep, second: FrameStep) => [
    candidate('ref_1', 'heading', 'Kettle Shop'),
    inFrame(candidate('ref_2', 'searchbox', 'Search products'), first),
    inFrame(candidate('ref_3', 'button', 'Search'), first),
    inFrame(candidate('ref_4', 'searchbox', 'Search products'), second),
    inFrame(candidate('ref_5', 'button', 'Search'), second),
  ];

  it('name a frame by where it loads from (without its query), its title, and its place among frames that share those', () => {
    expect(searchFrame).toEqual({ url: 'https://shop.test/search-frame.html', title: 'Product search', index: 0 });
    const twins = frameStepsOf([{ src: 'https://ads.test/a' }, { src: 'https://shop.test/x', name: 'x' }, { src: 'https://ads.test/a?slot=2' }, { src: 'about:srcdoc' }]);
    expect(twins.map((step) => [step.url, step.index])).toEqual([['https://ads.test/a', 0], ['https://shop.test/x', 0], ['https://ads.test/a', 1], ['about:srcdoc', 0]]);
  });

  it('keep the frame of the target, and count its equals and neighbours within that frame alone', () => {
    const locator = locatorFor(framed(searchFrame, helpFrame), 'ref_2', shop)!;
    expect(locator).toMatchObject({ role: 'searchbox', name: 'Search products', index: 0, count: 1, neighbours: ['', ''], frame: [searchFrame] });
  });

  it('find the target in its own frame when the frames changed places, not the same-named control now first on the page', () => {
    const locator = locatorFor(framed(searchFrame, helpFrame), 'ref_2', shop)!;
    const swapped = framed(helpFrame, searchFrame).map((entry) => ({ ...entry, ref: entry.ref.replace('ref_', 'ref_2') }));
    expect(resolveLocator(swapped, locator, shop)).toEqual({ found: true, ref: 'ref_24' });
  });

  it('do not take a same-named control in another frame for the target when its own frame is gone', () => {
    const locator = locatorFor(framed(searchFrame, helpFrame), 'ref_2', shop)!;
    const withoutSearchFrame = framed(searchFrame, helpFrame).filter((entry) => entry.frame?.[0] !== searchFrame);
    expect(resolveLocator(withoutSearchFrame, locator, shop)).toEqual({ found: false, reason: expect.stringMatching(/searchbox "Search products" in the frame "Product search" \(https:\/\/shop.test\/search-frame.html\) is no longer on the page \(an element of that name is, but in another frame\)/) });
    // Nor one in the top document.
    const moved = [candidate('ref_9', 'searchbox', 'Search products')];
    expect(resolveLocator(moved, locator, shop)).toMatchObject({ found: false });
  });

  it('read a version 1 trace as version 2, its targets in the top document', () => {
    const v1Locator = { role: 'button', name: 'More', index: 0, count: 1, neighbours: ['', ''], urlPattern: 'https://shop.test/search' };
    const read = traceSchema.parse({ version: 1, steps: [{ member: 'left_click', input: { target: { type: 'ref' } }, refAt: 'target', locator: v1Locator, urlPattern: 'https://shop.test/' }], verdicts: {}, recordedAt: 1 });
    expect(read.version).toBe(2);
    expect(read.steps[0]?.locator?.frame).toEqual([]);
    expect(read.steps[0]?.dialogs).toBeUndefined();
    // In the top document it is found; the same button in a frame is another one.
    const locator = locatorSchema.parse(v1Locator);
    expect(resolveLocator([candidate('ref_3', 'button', 'More')], locator, shop)).toEqual({ found: true, ref: 'ref_3' });
    expect(resolveLocator([inFrame(candidate('ref_3', 'button', 'More'), helpFrame)], locator, shop)).toMatchObject({ found: false });
    expect(traceSchema.safeParse({ version: 3, steps: [], verdicts: {}, recordedAt: 1 }).success).toBe(false);
  });
});
