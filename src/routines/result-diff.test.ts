import { expect, it } from 'vitest';
import { diffResults, sameResult } from './result-diff';

it('whitespace and blank lines are not changes', () => {
  expect(sameResult('Price: 12 EUR\n\nIn stock', '  Price:  12 EUR\nIn stock ')).toBe(true);
  expect(sameResult('Price: 12 EUR', 'Price: 13 EUR')).toBe(false);
});

it('shows removed and added lines in order, around the lines that stayed', () => {
  expect(diffResults('Title\nPrice: 12 EUR\nIn stock', 'Title\nPrice: 13 EUR\nIn stock\nShips today')).toEqual([
    { op: 'same', text: 'Title' },
    { op: 'removed', text: 'Price: 12 EUR' },
    { op: 'added', text: 'Price: 13 EUR' },
    { op: 'same', text: 'In stock' },
    { op: 'added', text: 'Ships today' },
  ]);
});

it('compares very long results whole', () => {
  const long = Array.from({ length: 500 }, (_, i) => `line ${i}`).join('\n');
  expect(diffResults(long, long).every((line) => line.op === 'same')).toBe(true);
  const changed = diffResults(long, `${long}\nmore`);
  expect(changed.filter((line) => line.op === 'added')).toHaveLength(501);
});
