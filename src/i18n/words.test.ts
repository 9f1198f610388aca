import { describe, expect, it } from 'vitest';
import english from '../../public/_locales/en/messages.json';
import german from '../../public/_locales/de/messages.json';
import { fill, inEnglish } from './english';
import { amount, formatAmount, isWords, listOf, words } from './words';

describe('words for people', () => {
  it('fill substitutes $1…$9 as chrome.i18n does, and $$ is a dollar sign', () => {
    expect(fill('It would press "$1" on $2.', ['Buy now', 'shop.example'])).toBe('It would press "Buy now" on shop.example.');
    expect(fill('Costs $$$1', ['5'])).toBe('Costs $5');
    expect(fill('Missing $2', ['only one'])).toBe('Missing ');
  });

  it('reads the English message for the audit log and the model; plain text stays as it is', () => {
    expect(inEnglish(words('ask_high_risk', 'Place order'))).toBe('It would press "Place order", which can buy, send, publish or delete something.');
    expect(inEnglish(words('retry_overloaded', 8))).toBe('Claude is overloaded, retrying in 8 s.');
    expect(inEnglish('The model said this.')).toBe('The model said this.');
  });

  it('every message the core words has a German text with the same slots', () => {
    for (const key of ['ask_high_risk', 'ask_sensitive_site', 'api_error_401', 'retry_offline', 'run_approval_timeout'] as const) {
      const slots = (text: string) => (text.match(/\$[1-9]/g) ?? []).sort().join();
      expect(slots(german[key].message)).toBe(slots(english[key].message));
    }
  });

  it('tells words from other values', () => {
    expect(isWords(words('ask_password'))).toBe(true);
    expect(isWords('It would enter a password.')).toBe(false);
    expect(isWords({ key: 'ask_password' })).toBe(false);
  });

  it('writes amounts the way each language does, and English for the log', () => {
    expect(formatAmount(amount(1440), 'de')).toBe('1.440');
    expect(formatAmount(amount(0.5, 'usd'), 'de')).toBe('0,50\u00a0$');
    expect(formatAmount(amount(21_500, 'tokens'), 'de')).toBe('21.500');
    expect(inEnglish(words('invalid_at_most', 'Max cost (USD)', amount(1000, 'usd')))).toBe('Max cost (USD) must be at most $1,000.00');
    expect(inEnglish(words('usage_line', amount(21_500, 'tokens'), amount(0, 'tokens'), amount(200, 'tokens'), amount(0.05, 'usd')))).toBe('21.5K in (0 cached) · 200 out · $0.05');
  });

  it('lists items with commas and a last "and" or "or"', () => {
    expect(inEnglish(listOf(['a']))).toBe('a');
    expect(inEnglish(listOf(['a', 'b', 'c']))).toBe('a, b and c');
    expect(inEnglish(listOf(['a', 'b'], 'list_or'))).toBe('a or b');
  });
});
