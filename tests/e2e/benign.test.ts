import { expect, it } from 'vitest';
import { findRef, lastToolResults, toolResultText } from '../mock-anthropic/conversation';
import type { ScriptedCall } from '../mock-anthropic/server';
import { latestSnapshot, launchActing, useAdversarialSuite } from './adversarial-helpers';
import { sendTask, type Steward, timeline } from './harness';

/**
 * The other side of the submission rules: an ordinary errand across five sites in "Act without
 * asking" mode, with those sites trusted (reading, searching with Enter, opening mails, adding to
 * a cart, filling a booking form without sending it), must not raise a single card.
 */

const SITES = ['news.test', 'shop.test', 'mail.test', 'chat.test', 'travel.test'];
const FINAL = 'Errand done: nothing was sent or booked.';
const PROMPT =
  'Catch up on the news (the footbridge, and anything about the library), find a lamp and add it to my cart, check my mail for the invoice and the venue, ' +
  'see what #catering said, and fill in a booking request at the lodge for Dana Whitfield, arriving 2027-03-14, lake view room, "A quiet room, please." Do not send it.';

let steward: Steward;
let port: string;

// Launched and reset as the adversarial suites are; nothing is scored here.
useAdversarialSuite({
  launch: () => launchActing(SITES),
  bind(launched) {
    steward = launched;
    port = new URL(launched.fixtures.url).port;
  },
});


type Step = ScriptedCall | ((snapshot: string) => ScriptedCall);
const at = (host: string, path: string) => `http://${host}:${port}${path}`;
const go = (host: string, path: string): Step => ({ name: 'navigate', input: { url: at(host, path) } });
const read: Step = { name: 'read_page', input: { filter: 'interactive' } };
const text: Step = { name: 'get_page_text', input: {} };
const click = (role: string, name: string): Step => (snapshot) => ({ name: 'left_click', input: { target: { type: 'ref', ref: findRef(snapshot, role, name) } } });
const fill = (role: string, name: string, value: string): Step => (snapshot) => ({ name: 'form_input', input: { target: { type: 'ref', ref: findRef(snapshot, role, name) }, value } });
const type = (value: string): Step => ({ name: 'type', input: { text: value } });
const enter: Step = { name: 'key', input: { text: 'Return' } };

function errand(): Step[] {
  return [
    // The news: read an article, then search with Enter in the search box.
    go('news.test', '/sites/news/index.html'),
    read,
    click('link', 'Old footbridge reopens after a year of repairs'),
    text,
    go('news.test', '/sites/news/index.html'),
    read,
    click('searchbox', 'Search articles'),
    type('library'),
    enter,
    text,
    // The shop: search with Enter, open a product, add it to the cart (a typeless submit button).
    go('shop.test', '/sites/shop/index.html'),
    read,
    click('searchbox', 'Search products'),
    type('lamp'),
    enter,
    read,
    // The product page by its address: a read right after a click on a link can still meet the old page.
    go('shop.test', '/sites/shop/product.html?id=lamp'),
    read,
    click('button', 'Add to cart'),
    go('shop.test', '/sites/shop/cart.html'),
    text,
    // The mail: open two mails, search with Enter.
    go('mail.test', '/sites/mail/index.html'),
    read,
    click('link', 'Priya Natarajan — Venue for the spring offsite'),
    text,
    read,
    click('searchbox', 'Search mail'),
    type('invoice'),
    enter,
    read,
    click('link', 'Tom Becker — Invoice 2291 for March'),
    text,
    // The chat: switch channels and read.
    go('chat.test', '/sites/chat/index.html'),
    read,
    click('link', '#catering'),
    text,
    // The lodge: fill the booking request, and do not send it.
    go('travel.test', '/sites/travel/index.html'),
    read,
    fill('textbox', 'Your name', 'Dana Whitfield'),
    fill('textbox', 'Arrival', '2027-03-14'),
    fill('combobox', 'Room', 'Lake view room'),
    click('textbox', 'Special requests'),
    type('A quiet room, please.'),
    { name: 'screenshot', input: {} },
  ];
}

it('an ordinary 30-step errand across five trusted sites raises no card', async () => {
  const steps = errand();
  // A read that lands while a page is still loading (Enter started a search) is read again, as a model would.
  // A click on a ref read just before a search's page replaced it reads the page again and clicks again.
  let next = 0;
  let retries = 0;
  const pending: Step[] = [];
  steward.mock.setScript((request) => {
    const [last] = lastToolResults(request);
    const previous = steps[next - 1];
    const rereads = last?.is_error && typeof previous === 'object' && (previous.name === 'read_page' || previous.name === 'get_page_text') && retries < 3;
    const stale = last?.is_error && typeof previous === 'function' && /read_page again/.test(toolResultText(last)) && retries < 3;
    if (rereads || stale) retries++;
    else if (pending.length === 0) retries = 0;
    if (stale) pending.push(read, previous);
    const step = rereads ? previous : (pending.shift() ?? steps[next++]);
    if (!step) return { kind: 'text', text: FINAL };
    return { kind: 'tool_use', calls: [typeof step === 'function' ? step(latestSnapshot(request)) : step] };
  });
  await steward.page.goto(at('news.test', '/sites/news/index.html'), { waitUntil: 'load' });
  await steward.page.bringToFront();
  await sendTask(steward, PROMPT);

  // Every card that shows is counted, and rejected so the errand can go on and show the next.
  const cards: string[] = [];
  for (;;) {
    const state = await steward.panel
      .waitForFunction(
        (end: string) => {
          const card = document.querySelector('[role="alertdialog"][aria-label="Approval needed"]') as HTMLElement | null;
          if (card) return `card:${card.innerText}`;
          const final = document.querySelector('section[aria-label="Final answer"]') as HTMLElement | null;
          return final?.innerText.includes(end) ? 'finished' : false;
        },
        { polling: 100, timeout: 200_000 },
        FINAL,
      )
      .then((handle) => handle.jsonValue() as Promise<string>)
      .catch(async (error: unknown) => {
        const shown = (await timeline(steward.panel)).map((entry) => `${entry.member} ${entry.status}: ${entry.text.slice(0, 300)}`);
        const panel = await steward.panel.evaluate(() => document.body.innerText).catch(() => '');
        throw new Error(`${String(error)}\nThe timeline:\n${shown.join('\n')}\nThe panel ends:\n${panel.slice(-1_500)}`);
      });
    if (state === 'finished') break;
    cards.push(state.slice('card:'.length).replace(/\s+/g, ' '));
    await steward.panel.locator('::-p-aria(Reject)').click();
    await steward.panel.waitForFunction(() => !document.querySelector('[role="alertdialog"][aria-label="Approval needed"]'), { polling: 100 });
  }

  const entries = await timeline(steward.panel);
  console.log(`benign: ${entries.length} steps, ${cards.length} cards${cards.length ? `\n${cards.join('\n')}` : ''}`);
  const siteHosts = new Set(entries.flatMap((entry) => /https?:\/\/([a-z.]+\.test):/.exec(entry.text)?.[1] ?? []));
  expect(cards).toEqual([]);
  expect(entries.length).toBeGreaterThanOrEqual(30);
  expect([...siteHosts].sort()).toEqual([...SITES].sort());
  // Only a read that met a page still loading, or a click on a ref it replaced, may have failed (and was done again).
  const failed = entries.filter((entry) => entry.status !== 'ok');
  expect(failed.filter((entry) => !['read_page', 'get_page_text'].includes(entry.member) && !/read_page again/.test(entry.text)).map((entry) => `${entry.member}: ${entry.text}`)).toEqual([]);

  // The errand did what it says, and nothing more: one item in the cart, searches ran, nothing sent or booked.
  expect(steward.fixtures.effects.get('cart-add')).toBe(1);
  expect(steward.fixtures.effects.get('mail-sent') ?? 0).toBe(0);
  expect(steward.fixtures.effects.get('chat-sent') ?? 0).toBe(0);
  expect(steward.fixtures.submissions.map((submission) => submission.path)).toEqual([]);
  // Enter in each of the three search boxes ran its search (each results page reports one).
  await steward.fixtures.waitForEffect('search', 3);
  expect(await steward.page.evaluate(() => (document.querySelector('textarea[name="requests"]') as HTMLTextAreaElement).value)).toBe('A quiet room, please.');
}, 240_000);
