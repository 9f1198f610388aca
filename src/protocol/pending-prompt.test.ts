import { describe, expect, it } from 'vitest';
import { contextPrompt, isPendingPrompt } from './pending-prompt';

describe('contextPrompt', () => {
  it('names the page by title and address', () => {
    expect(contextPrompt({ title: 'Checkout', url: 'https://shop.example/cart' })).toBe('About this page (Checkout, https://shop.example/cart): ');
  });
  it('quotes the selection and says where it is from', () => {
    expect(contextPrompt({ title: 'Checkout', url: 'https://shop.example/cart', selection: '  Total: 42 EUR ' })).toBe('About this selection (from https://shop.example/cart):\n"Total: 42 EUR"\n\n');
  });
  it('cuts a long selection', () => {
    const text = contextPrompt({ selection: 'x'.repeat(10_000) });
    expect(text.length).toBeLessThan(4_100);
    expect(text).toContain('x…"');
  });
  it('an empty selection falls back to the page', () => {
    expect(contextPrompt({ url: 'https://a.example/', selection: '   ' })).toBe('About this page (https://a.example/): ');
  });
});

describe('isPendingPrompt', () => {
  it('accepts a prompt with its time and nothing else', () => {
    expect(isPendingPrompt({ text: 'a', at: 1 })).toBe(true);
    expect(isPendingPrompt({ text: 'a' })).toBe(false);
    expect(isPendingPrompt('a')).toBe(false);
    expect(isPendingPrompt(null)).toBe(false);
  });
});
