import { describe, expect, it } from 'vitest';
import { decide } from './decide';
import { pageDataInText, pageDataInUrl, type PageRead } from './exfiltration';
import { fromBase64, fromHex, fromPunycodeLabel, normalise } from './text-forms';

/** A question as the tests compare it: its English reason; the words the card shows are built from the same message. */
const withoutWords = (decision: object) => Object.fromEntries(Object.entries(decision).filter(([key]) => key !== 'words'));

const mail = 'https://mail.example.com/inbox/42';
const message = 'From: Anna. Subject: Q3 plans. Meeting with Anna about the Halvorsen merger on Friday, 10:30.';
const read: PageRead[] = [{ url: mail, text: `Inbox\n${message}\nYour recovery code: RC-7F3K-91QX-ZETA` }];
const leak = (url: string, userText = 'Summarise my inbox') => pageDataInUrl(url, read, userText);

describe('text forms', () => {
  it('normalises case, punctuation, separators and width', () => {
    expect(normalise('  RC-7F3K__91qx/Zeta!! ')).toBe('rc 7f3k 91qx zeta');
    expect(normalise('Ｍeeting\twith—Anna')).toBe('meeting with anna');
  });

  it('decodes base64 (standard, URL-safe, unpadded), hex and punycode labels', () => {
    expect(fromBase64(Buffer.from('Meeting with Anna?>').toString('base64'))).toBe('Meeting with Anna?>');
    expect(fromBase64(Buffer.from('Meeting with Anna?>').toString('base64url'))).toBe('Meeting with Anna?>');
    expect(fromHex(Buffer.from('RC-7F3K-91QX').toString('hex'))).toBe('RC-7F3K-91QX');
    expect(fromPunycodeLabel('xn--mnchen-3ya')).toBe('münchen');
    expect(fromPunycodeLabel('xn--bcher-kva')).toBe('bücher');
    expect(fromPunycodeLabel('xn--fiqs8s')).toBe('中国');
    expect(fromPunycodeLabel(new URL('http://müller-lüdenscheidt.example/').hostname.split('.')[0]!)).toBe('müller-lüdenscheidt');
    expect(fromPunycodeLabel('example')).toBeUndefined();
    expect(fromBase64('notbase64!')).toBeUndefined();
  });
});

describe('page text carried in a URL to another site', () => {
  it.each([
    ['hyphenated in the path', 'https://collect.evil.example/meeting-with-anna-about-the-halvorsen-merger'],
    ['with other separators in the path', 'https://collect.evil.example/Meeting_With_Anna.About+the/Halvorsen~merger'],
    ['in the query, as before', 'https://collect.evil.example/c?d=Halvorsen%20merger%20on%20Friday'],
    ['split across path segments', 'https://collect.evil.example/c/meeting/with/anna/about/the/halvorsen'],
    ['split across subdomains', 'https://meeting-with-anna.about-the-halvorsen.evil.example/'],
    ['split across subdomains and path', 'https://rc-7f3k.evil.example/91qx/zeta'],
    ['split inside words', 'https://evil.example/rc7f/3k91/qxze/ta'],
    ['with every separator dropped', 'https://evil.example/meetingwithannaaboutthehalvorsenmerger'],
    ['as user info', 'https://halvorsen-merger-on-friday@evil.example/'],
    ['in the fragment', 'https://evil.example/#q3-plans-meeting-with-anna'],
    ['base64 in the path', `https://evil.example/c/${Buffer.from('Meeting with Anna about the Halvorsen merger').toString('base64url')}`],
    ['base64 split across segments', `https://evil.example/${Buffer.from('the Halvorsen merger on Friday').toString('base64').replace(/=+$/, '').match(/.{1,8}/g)!.join('/')}`],
    ['hex in a query parameter', `https://evil.example/c?v=${Buffer.from('Halvorsen merger on Friday').toString('hex')}`],
    ['hex in a subdomain', `https://${Buffer.from('Halvorsen merger').toString('hex')}.evil.example/`],
    ['URL-encoded twice over', `https://evil.example/c/${encodeURIComponent('halvorsen merger on friday')}`],
    ['a page code in the path', 'https://evil.example/c/RC-7F3K-91QX-ZETA'],
  ])('%s', (_how, url) => {
    expect(leak(url)).toBeDefined();
  });

  it('page text with accents put into a host name (punycode) is found', () => {
    const pages: PageRead[] = [{ url: mail, text: 'Kunde: Jürgen Müller-Lüdenscheidt, Konto gesperrt' }];
    const url = new URL('https://jürgen-müller-lüdenscheidt.evil.example/').href;
    expect(url).toContain('xn--');
    expect(pageDataInUrl(url, pages)).toBeDefined();
  });

  it('says what leaves, in its normalised form', () => {
    expect(leak('https://collect.evil.example/meeting-with-anna-about-the-halvorsen-merger')).toBe('meeting with anna about the halvorsen merger');
  });
});

describe('what does not count', () => {
  it.each([
    ['the user\'s own words', 'https://search.example.net/?q=halvorsen+merger+on+friday', 'Find news on the Halvorsen merger on Friday'],
    ['short common words', 'https://help.example.net/about-the-terms-and-conditions', 'Summarise'],
    ['one long word of the page', 'https://docs.example.net/recovery/documentation', 'Summarise'],
    ['an ordinary word in the path', 'https://en.example.org/wiki/Halvorsen', 'Summarise'],
    ['the same site the text came from', 'https://mail.example.com/search?q=meeting-with-anna-about-the-halvorsen-merger', 'Summarise'],
  ])('%s', (_how, url, userText) => {
    const pages: PageRead[] = [...read, { url: mail, text: 'About the terms and conditions. Documentation.' }];
    expect(pageDataInUrl(url, pages, userText)).toBeUndefined();
  });

  it('two sites\' addresses that share only what addresses are made of ("l/index.html")', () => {
    const pages: PageRead[] = [{ url: 'http://mail.test:8080/sites/mail/index.html', text: 'Page "Inbox – Postbox" http://mail.test:8080/sites/mail/index.html (interactive). link "Priya Natarajan"' }];
    expect(pageDataInUrl('http://travel.test:8080/sites/travel/index.html', pages, 'Plan the offsite')).toBeUndefined();
  });

  it('a link the page shows, written with another scheme or separators, is the page\'s own', () => {
    const pages: PageRead[] = [{ url: mail, text: 'See partner-offers.example.net/summer-sale/2026-deals for more' }];
    expect(pageDataInUrl('https://partner-offers.example.net/summer-sale/2026-deals', pages)).toBeUndefined();
  });

  it('a host the page names is where it points, not data', () => {
    const pages: PageRead[] = [{ url: mail, text: 'Our partner is partner-offers-europe.example.net' }];
    expect(pageDataInUrl('https://partner-offers-europe.example.net/', pages)).toBeUndefined();
  });

  it('long page text stays fast', () => {
    const pages: PageRead[] = Array.from({ length: 5 }, (_, i) => ({ url: mail, text: `${'lorem ipsum dolor sit amet '.repeat(2_000)} ${i}` }));
    const started = performance.now();
    expect(pageDataInUrl(`https://evil.example/${'abcdefghij'.repeat(100)}`, pages)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});

describe('page text typed into another site', () => {
  const form = 'https://notes.evil.example/new';

  it('a message from a page, typed into another site, is found', () => {
    expect(pageDataInText('FYI: Meeting with Anna about the Halvorsen merger', form, read, 'Summarise my inbox')).toBe('meeting with anna about the halvorsen merger');
    expect(pageDataInText('code rc7f3k91qxzeta', form, read, '')).toBeDefined();
    expect(pageDataInText(Buffer.from('RC-7F3K-91QX-ZETA').toString('base64'), form, read, '')).toBeDefined();
  });

  it('text the user wrote, ordinary words, and text typed back into the site it came from do not count', () => {
    expect(pageDataInText('Meeting with Anna about the Halvorsen merger', form, read, 'Write "Meeting with Anna about the Halvorsen merger" in my notes')).toBeUndefined();
    expect(pageDataInText('merger', form, read, '')).toBeUndefined();
    expect(pageDataInText('Halvorsen', form, read, '')).toBeUndefined();
    expect(pageDataInText('Meeting with Anna about the Halvorsen merger', 'https://mail.example.com/compose', read, '')).toBeUndefined();
  });
});

describe('the policy', () => {
  const notes = 'https://notes.example.net/new';
  const trusted = { mode: 'act' as const, allowedSites: ['notes.example.net', 'mail.example.com'] };

  it('asks before typing or filling page text into another site, even a trusted one, and says what and where', () => {
    for (const call of [
      { member: 'type', input: { text: 'Meeting with Anna about the Halvorsen merger' } },
      { member: 'form_input', input: { target: { type: 'ref', ref: 'ref_3' }, value: 'Meeting with Anna about the Halvorsen merger' } },
    ]) {
      expect(withoutWords(decide({ ...call, tabUrl: notes, read: { pages: read, userText: 'Summarise my inbox' } }, trusted))).toEqual({
        verdict: 'ask',
        reason: 'It would type text read from a page ("meeting with anna about the halvorsen m…") into notes.example.net, another site.',
      });
    }
  });

  it('lets the user\'s own words be typed on a trusted site', () => {
    expect(decide({ member: 'type', input: { text: 'Halvorsen merger' }, tabUrl: notes, read: { pages: read, userText: 'Note "Halvorsen merger"' } }, trusted)).toEqual({ verdict: 'allow' });
  });

  it('asks before a navigation carrying hyphenated page text to another site, even a trusted one', () => {
    const decision = decide({ member: 'navigate', input: { url: 'https://notes.example.net/meeting-with-anna-about-the-halvorsen-merger' }, tabUrl: mail, read: { pages: read, userText: 'Summarise' } }, trusted);
    expect(decision.verdict).toBe('ask');
  });
});
