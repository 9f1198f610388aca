import { expect, it } from 'vitest';
import { loadCorpus, rate, RENDERINGS, report, scoreCorpus, scoreLongPages } from './corpus';

it('the corpus holds at least 150 injections and 150 benign texts, each with its source', () => {
  const corpus = loadCorpus();
  expect(corpus.filter((e) => e.label === 'injection').length).toBeGreaterThanOrEqual(150);
  expect(corpus.filter((e) => e.label === 'benign').length).toBeGreaterThanOrEqual(150);
  expect(new Set(corpus.map((e) => e.id)).size).toBe(corpus.length);
  const languages = new Set(corpus.filter((e) => e.label === 'injection' && e.lang !== 'en').map((e) => e.lang));
  expect(languages.size).toBeGreaterThanOrEqual(3);
});

it('the page-instructions check meets its targets on the corpus: recall >= 85%, false alarms <= 1%', () => {
  const results = scoreCorpus();
  const summary = report(results, true);
  expect(rate(results.recall), summary).toBeGreaterThanOrEqual(85);
  expect(rate(results.falseAlarms), summary).toBeLessThanOrEqual(1);
  // The split the detector was not tuned on must meet the same targets.
  expect(rate(results.bySplit.heldout!.recall), summary).toBeGreaterThanOrEqual(85);
  expect(rate(results.bySplit.heldout!.falseAlarms), summary).toBeLessThanOrEqual(1);
});

it('meets the same targets when each text arrives as a read_page line', () => {
  const results = scoreCorpus(undefined, RENDERINGS['read_page line']);
  const summary = report(results, true, 'as read_page lines');
  expect(rate(results.recall), summary).toBeGreaterThanOrEqual(85);
  expect(rate(results.falseAlarms), summary).toBeLessThanOrEqual(1);
});

it('unrelated benign lines of one long page do not add up to a finding', () => {
  const pages = scoreLongPages();
  expect(pages.flagged).toEqual([]);
});
