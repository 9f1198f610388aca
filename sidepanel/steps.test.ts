import { describe, expect, it, vi } from 'vitest';
import english from '../public/_locales/en/messages.json';
import type { ToolEntry } from '../src/protocol/task';
import { groupReads, readsSummary, stepText } from './steps';

// The panel's strings as Chrome would give them in English: $1…$9 filled in.
vi.stubGlobal('chrome', {
  i18n: {
    getMessage: (key: string, substitutions: string[] = []) =>
      (english as Record<string, { message: string } | undefined>)[key]?.message.replace(/\$(\d)/g, (_, n: string) => substitutions[Number(n) - 1] ?? '') ?? '',
  },
});

const step = (member: string, target: string, extra: Partial<ToolEntry> = {}): ToolEntry => ({ kind: 'tool', id: `${member}-${target}`, member, target, status: 'ok', startedAt: 0, ...extra });

describe('stepText', () => {
  it('says what was filled and clicked by the names people see, the ref only in the detail', () => {
    expect(stepText(step('form_input', 'ref_13 ← "Ada Lovelace"', { element: { role: 'textbox', name: 'Full Name' } }))).toEqual({ sentence: 'Filled "Full Name" with "Ada Lovelace"', detail: 'ref_13' });
    expect(stepText(step('left_click', 'ref_7', { element: { role: 'button', name: 'Place Order' } }))).toEqual({ sentence: 'Clicked "Place Order"', detail: 'ref_7' });
  });

  it('uses the plain verb while a step runs or when it failed', () => {
    expect(stepText(step('left_click', 'ref_7', { status: 'error', element: { role: 'button', name: 'Pay now' } })).sentence).toBe('Click "Pay now"');
    expect(stepText(step('left_click', 'ref_7', { status: 'running', element: { role: 'button', name: 'Pay now' } })).sentence).toBe('Click "Pay now"');
  });

  it('falls back to the role, or to "an element", when the name is not known', () => {
    expect(stepText(step('left_click', 'ref_2', { element: { role: 'link', name: '' } })).sentence).toBe('Clicked a link');
    expect(stepText(step('left_click', 'ref_2')).sentence).toBe('Clicked an element');
    expect(stepText(step('left_click', '(120, 40)'))).toEqual({ sentence: 'Clicked the point (120, 40)', detail: '(120, 40)' });
    expect(stepText(step('form_input', 'ref_4 ← true')).sentence).toBe('Filled a field with true');
  });

  it('says where it went, typed and pressed', () => {
    expect(stepText(step('navigate', 'https://shop.example/checkout'))).toEqual({ sentence: 'Went to shop.example/checkout', detail: 'https://shop.example/checkout' });
    expect(stepText(step('type', '"hello"', { element: { role: 'searchbox', name: 'Search' } })).sentence).toBe('Typed "hello" into "Search"');
    expect(stepText(step('key', 'Enter')).sentence).toBe('Pressed Enter');
    expect(stepText(step('read_page', 'visible')).sentence).toBe('Read the page');
  });
});

describe('groupReads', () => {
  it('folds three or more finished reads in a row into one item, and leaves shorter runs and other steps alone', () => {
    const reads = [step('read_page', 'a'), step('read_page', 'b'), step('read_page', 'c')];
    const click = step('left_click', 'ref_1');
    const items = groupReads([...reads, click, step('read_page', 'd'), step('find', 'e')]);
    expect(items.map((item) => item.kind)).toEqual(['reads', 'entry', 'entry', 'entry']);
    const [first] = items;
    expect(first?.kind === 'reads' && readsSummary(first.entries)).toBe('Read the page 3 times');
  });

  it('never folds a read that is still running', () => {
    const items = groupReads([step('read_page', 'a'), step('read_page', 'b'), step('read_page', 'c', { status: 'running' })]);
    expect(items.map((item) => item.kind)).toEqual(['entry', 'entry', 'entry']);
  });
});
