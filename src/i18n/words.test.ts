import { describe, expect, it } from 'vitest';
import english from '../../public/_locales/en/messages.json';
import german from '../../public/_locales/de/messages.json';
import { fill, inEnglish } from './english';
import { isWords, words } from './words';

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
});
