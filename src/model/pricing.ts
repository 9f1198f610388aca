import { z } from 'zod';
import { amount, msg, type Words, words } from '../i18n/words';

/** USD per million tokens. Cache writes (5-minute) cost 1.25x input, cache reads 0.1x, as Anthropic bills them. */
export const priceSchema = z.object({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cacheWrite: z.number().nonnegative(),
  cacheRead: z.number().nonnegative(),
});
export type Price = z.infer<typeof priceSchema>;

/** Rounded to a millionth of a dollar, so a price shown and saved back compares equal. */
const round = (value: number) => Math.round(value * 1e6) / 1e6;

function family(input: number, output: number): Price {
  return { input, output, cacheWrite: round(input * 1.25), cacheRead: round(input * 0.1) };
}

/**
 * Defaults by model family, matched on the model id. They are list prices as Steward knows them
 * and may be out of date: the user can set their own per model in Settings.
 */
export const DEFAULT_PRICES: ReadonlyArray<{ match: RegExp; price: Price }> = [
  { match: /opus-4-[01]\b|opus-4-20|claude-3-opus/, price: family(15, 75) },
  { match: /opus/, price: family(5, 25) },
  { match: /sonnet/, price: family(3, 15) },
  { match: /haiku-3/, price: family(0.25, 1.25) },
  { match: /haiku/, price: family(1, 5) },
];
const FALLBACK = family(3, 15);

export function priceFor(model: string, overrides: Record<string, Price> = {}): Price {
  return overrides[model] ?? DEFAULT_PRICES.find((entry) => entry.match.test(model))?.price ?? FALLBACK;
}

export const usageSchema = z.object({
  input: z.number().nonnegative().default(0),
  cacheWrite: z.number().nonnegative().default(0),
  cacheRead: z.number().nonnegative().default(0),
  output: z.number().nonnegative().default(0),
  costUsd: z.number().nonnegative().default(0),
});
export type Usage = z.infer<typeof usageSchema>;

export function emptyUsage(): Usage {
  return { input: 0, cacheWrite: 0, cacheRead: 0, output: 0, costUsd: 0 };
}

/** The API's usage of one response, as Steward counts it. */
export interface ResponseUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

export function addUsage(total: Usage, response: ResponseUsage, price: Price): Usage {
  const step = {
    input: response.input_tokens,
    cacheWrite: response.cache_creation_input_tokens ?? 0,
    cacheRead: response.cache_read_input_tokens ?? 0,
    output: response.output_tokens,
  };
  const cost = (step.input * price.input + step.cacheWrite * price.cacheWrite + step.cacheRead * price.cacheRead + step.output * price.output) / 1_000_000;
  return {
    input: total.input + step.input,
    cacheWrite: total.cacheWrite + step.cacheWrite,
    cacheRead: total.cacheRead + step.cacheRead,
    output: total.output + step.output,
    costUsd: total.costUsd + cost,
  };
}

/** "12.3K in (10.1K cached) · 1.2K out · $0.04", and "· incl. alignment checks: 3 calls" when there were any: in words, so each language writes its own numbers. */
export function formatUsage(usage: Usage, alignmentCalls = 0): Words {
  const input = usage.input + usage.cacheWrite + usage.cacheRead;
  const cost = usage.costUsd < 0.01 && usage.costUsd > 0 ? words('usage_cost_below', amount(0.01, 'usd')) : amount(usage.costUsd, 'usd');
  const line = words('usage_line', amount(input, 'tokens'), amount(usage.cacheRead, 'tokens'), amount(usage.output, 'tokens'), cost);
  if (alignmentCalls === 0) return line;
  return words('usage_line_checks', line, words(alignmentCalls === 1 ? msg('usage_calls_one') : msg('usage_calls'), amount(alignmentCalls)));
}
