import { describe, expect, it } from 'vitest';
import { formatFindResult, rankFindCandidates, type FindCandidate, type FindMatch } from './find';
import { button, cand, heading, link } from './find-test-candidates';

describe('rankFindCandidates: limits and empties', () => {
  const many = Array.from({ length: 40 }, (_, i) => link(`Item ${i}`));

  it('returns nothing for an empty or blank query', () => {
    expect(rankFindCandidates('', many)).toEqual([]);
    expect(rankFindCandidates('   \n\t', many)).toEqual([]);
    expect(rankFindCandidates('?!', many)).toEqual([]);
  });

  it('never returns a candidate that matches nothing', () => {
    expect(rankFindCandidates('zebra', many)).toEqual([]);
    expect(rankFindCandidates('item', [...many, heading('Other')]).every((m) => m.score > 0 && m.candidate.role === 'link')).toBe(true);
  });

  it('respects the limit and never returns more than 20', () => {
    expect(rankFindCandidates('item', many, 5)).toHaveLength(5);
    expect(rankFindCandidates('item', many)).toHaveLength(20);
    expect(rankFindCandidates('item', many, 100)).toHaveLength(20);
    expect(rankFindCandidates('item', many, 0)).toEqual([]);
  });
});

describe('rankFindCandidates: speed', () => {
  it('ranks 10,000 candidates quickly and finds the right one', () => {
    const candidates: FindCandidate[] = [];
    const words = ['shoe', 'mug', 'lamp', 'chair', 'table', 'pillow', 'kettle'];
    for (let i = 0; i < 10_000; i++) {
      const product = `${words[i % words.length]} model ${i}`;
      const kind = i % 4;
      candidates.push(
        kind === 0
          ? button('Add to cart', { order: i, ref: `ref_${i}`, nearbyText: `${product} — $${(i % 97) + 3}.99 in stock, ships tomorrow`, attributes: `btn add-to-cart product-${i}`, inViewport: i < 30 })
          : kind === 1
            ? link(product, { order: i, ref: `ref_${i}`, nearbyText: `${product} — $${(i % 97) + 3}.99`, attributes: 'product-link card__title', inViewport: i < 30 })
            : kind === 2
              ? cand({ role: 'img', tag: 'img', name: `Photo of ${product}`, order: i, ref: `ref_${i}`, attributes: 'productImage lazy', inViewport: i < 30 })
              : cand({ name: `$${(i % 97) + 3}.99`, order: i, ref: `ref_${i}`, nearbyText: product, attributes: 'price price--sale', inViewport: i < 30 }),
      );
    }
    const target = button('Subscribe to newsletter', { order: 7_777, ref: 'ref_target', attributes: 'newsletterSubmit', inViewport: false });
    candidates.splice(7_777, 1, target);

    rankFindCandidates('warm up', candidates.slice(0, 100));
    const narrow = bestOfThree(() => rankFindCandidates('newsletter subscribe button', candidates));
    expect(narrow.result[0]?.candidate).toBe(target);
    expect(narrow.ms).toBeLessThan(500);

    // Most candidates share the query's words here, so nothing is ruled out early.
    const broad = bestOfThree(() => rankFindCandidates('add to cart button for mug', candidates));
    expect(broad.result).toHaveLength(20);
    expect(broad.result[0]?.candidate.nearbyText).toMatch(/^mug/);
    expect(broad.ms).toBeLessThan(500);
  });
});

/** The fastest of three runs: the machine is shared, and one unlucky time slice says nothing about the code. */
function bestOfThree(run: () => FindMatch[]): { ms: number; result: FindMatch[] } {
  let ms = Infinity;
  let result: FindMatch[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    result = run();
    ms = Math.min(ms, performance.now() - started);
  }
  return { ms, result };
}

describe('formatFindResult', () => {
  it('lists each match with its ref, hints and surroundings', () => {
    const input = cand({ ref: 'ref_4', role: 'searchbox', tag: 'input', type: 'search', placeholder: 'Search', interactive: true, nearbyText: 'Site header' });
    const lower = cand({ ref: 'ref_90', role: 'textbox', tag: 'input', name: 'Newsletter search', value: 'shoes', interactive: true, inViewport: false });
    const matches = rankFindCandidates('search bar', [input, lower]);
    expect(formatFindResult('search bar', matches, matches.length)).toBe(
      [
        'Found 2 matches for "search bar"',
        'searchbox [ref_4] placeholder="Search" — in "Site header"',
        'textbox "Newsletter search" [ref_90] value="shoes" (off-screen)',
      ].join('\n'),
    );
  });

  it('says how many more matched when the list was cut', () => {
    const matches = rankFindCandidates('cart', [button('Add to cart')]);
    const text = formatFindResult('cart', matches, 31);
    expect(text.split('\n')).toEqual(['Found 1 match for "cart"', 'button "Add to cart" [ref_' + matches[0]!.candidate.order + ']', '(30 more matched less well; refine the query to narrow it.)']);
  });

  it('explains what to do when nothing matches', () => {
    const matches = rankFindCandidates('unicorn', [button('Add to cart')]);
    expect(formatFindResult('unicorn', matches, 0)).toBe(
      'No element matches "unicorn". Try read_page to see what the page has, or describe the element differently.',
    );
  });

  it('quotes and clips names and nearby text', () => {
    const long = 'A'.repeat(150);
    const match: FindMatch = {
      candidate: cand({ ref: 'ref_1', role: 'link', name: `Say "hi"\n${long}`, nearbyText: 'N'.repeat(80), interactive: true }),
      score: 1,
      why: '',
    };
    const line = formatFindResult('hi', [match], 1).split('\n')[1]!;
    const [, name] = /^link ("(?:[^"\\]|\\.)*") \[ref_1\]/.exec(line) ?? [];
    expect(name).toBeDefined();
    const decoded = JSON.parse(name!) as string;
    expect(decoded.startsWith('Say "hi" AAA')).toBe(true);
    expect(decoded).toHaveLength(100);
    expect(decoded.endsWith('…')).toBe(true);
    expect(line).toContain(` — in ${JSON.stringify(`${'N'.repeat(59)}…`)}`);
  });
});

it('counts every match, not only the twenty it returns', async () => {
  const { findMatches } = await import('./find');
  const many = Array.from({ length: 30 }, (_, i) => ({ ref: `ref_${i}`, role: 'button', name: `Delete item ${i}`, tag: 'button', inViewport: true, interactive: true, order: i }));
  const { matches, total } = findMatches('delete button', many);
  expect(matches).toHaveLength(20);
  expect(total).toBe(30);
});
