import { expect, it } from 'vitest';
import { inEnglish } from '../i18n/english';
import { addUsage, emptyUsage, formatUsage, priceFor } from './pricing';

it('prices a model by family, and the user\'s price wins', () => {
  expect(priceFor('claude-sonnet-5-5').input).toBe(3);
  expect(priceFor('claude-haiku-4-5').output).toBe(5);
  expect(priceFor('claude-opus-5-5', { 'claude-opus-5-5': { input: 1, output: 2, cacheWrite: 3, cacheRead: 4 } }).input).toBe(1);
});

it('adds up usage and cost, cache reads at a tenth of input', () => {
  const price = priceFor('claude-sonnet-5-5');
  let usage = addUsage(emptyUsage(), { input_tokens: 1000, output_tokens: 100, cache_creation_input_tokens: 10_000, cache_read_input_tokens: 0 }, price);
  usage = addUsage(usage, { input_tokens: 500, output_tokens: 100, cache_creation_input_tokens: 0, cache_read_input_tokens: 10_000 }, price);
  expect(usage).toMatchObject({ input: 1500, cacheWrite: 10_000, cacheRead: 10_000, output: 200 });
  expect(usage.costUsd).toBeCloseTo((1500 * 3 + 10_000 * 3.75 + 10_000 * 0.3 + 200 * 15) / 1e6, 9);
  expect(inEnglish(formatUsage(usage))).toBe('21.5K in (10K cached) · 200 out · $0.05');
});

it('says how many alignment checks the figures include', () => {
  const usage = { input: 1000, cacheWrite: 0, cacheRead: 0, output: 100, costUsd: 0.02 };
  expect(inEnglish(formatUsage(usage, 3))).toBe('1K in (0 cached) · 100 out · $0.02 · incl. alignment checks: 3 calls');
  expect(inEnglish(formatUsage(usage, 1))).toMatch(/incl\. alignment checks: 1 call$/);
  expect(inEnglish(formatUsage(usage, 0))).not.toMatch(/alignment/);
  expect(inEnglish(formatUsage({ ...usage, costUsd: 0.004 }))).toMatch(/· <\$0\.01$/);
});
