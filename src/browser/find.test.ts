import { describe, expect, it } from 'vitest';
import { formatFindResult, rankFindCandidates, type FindCandidate, type FindMatch } from './find';

let nextOrder = 0;

/** A candidate with the defaults of a plain, visible, non-interactive div; refs follow document order. */
function cand(fields: Partial<FindCandidate>): FindCandidate {
  const order = fields.order ?? nextOrder++;
  return { ref: `ref_${order}`, role: 'generic', name: '', tag: 'div', inViewport: true, interactive: false, order, ...fields };
}

const button = (name: string, extra: Partial<FindCandidate> = {}) => cand({ role: 'button', tag: 'button', name, interactive: true, ...extra });
const link = (name: string, extra: Partial<FindCandidate> = {}) => cand({ role: 'link', tag: 'a', name, interactive: true, ...extra });
const heading = (name: string, extra: Partial<FindCandidate> = {}) => cand({ role: 'heading', tag: 'h2', name, ...extra });
const textbox = (name: string, extra: Partial<FindCandidate> = {}) => cand({ role: 'textbox', tag: 'input', type: 'text', name, interactive: true, ...extra });

function refs(matches: readonly FindMatch[]): string[] {
  return matches.map((m) => m.candidate.ref);
}

function top(query: string, candidates: readonly FindCandidate[]): FindCandidate | undefined {
  return rankFindCandidates(query, candidates)[0]?.candidate;
}

describe('rankFindCandidates: the examples the tool promises', () => {
  it('"search bar" finds the search input, not the "Search" heading', () => {
    const title = heading('Search');
    const input = cand({ role: 'searchbox', tag: 'input', type: 'search', placeholder: 'Search', interactive: true });
    const submit = button('Go');
    expect(top('search bar', [title, input, submit])).toBe(input);
  });

  it('"search bar" finds a plain text input whose placeholder says Search', () => {
    const title = heading('Search');
    const input = textbox('', { placeholder: 'Search products' });
    const other = textbox('Email');
    const ranked = rankFindCandidates('search bar', [title, other, input]);
    expect(ranked[0]?.candidate).toBe(input);
    expect(refs(ranked)).not.toContain(other.ref);
  });

  it('"add to cart button" picks the button over a "Cart" link and a heading with the same words', () => {
    const cartLink = link('Cart');
    const options = heading('Add to cart options');
    const add = button('Add to cart');
    const ranked = rankFindCandidates('add to cart button', [cartLink, options, add]);
    expect(ranked[0]?.candidate).toBe(add);
    expect(ranked[0]?.why).toMatch(/name "Add to cart" matches "add to cart"; role button/);
  });

  it('"email field" finds the textbox named "Email address"', () => {
    const candidates = [link('Email us'), heading('Email preferences'), textbox('Password', { type: 'password' }), textbox('Email address', { type: 'email' })];
    expect(top('email field', candidates)?.name).toBe('Email address');
  });

  it('"login" matches a "Sign in" button', () => {
    const signIn = button('Sign in');
    const ranked = rankFindCandidates('login', [link('Help'), signIn]);
    expect(refs(ranked)).toEqual([signIn.ref]);
    expect(ranked[0]?.why).toContain('"Sign in"');
  });

  it('"close" matches a button named "×" whose attributes say close-button', () => {
    const close = button('×', { attributes: 'close-button' });
    const ranked = rankFindCandidates('close', [heading('Newsletter'), button('Subscribe'), close]);
    expect(ranked[0]?.candidate).toBe(close);
  });

  it('"second product price" ranks the price in the second product above the others', () => {
    const candidates = [
      heading('Products'),
      cand({ name: '$10.00', nearbyText: 'First product: Blue mug', attributes: 'product-price' }),
      cand({ name: '$12.00', nearbyText: 'Second product: Red mug', attributes: 'product-price' }),
      cand({ name: 'Blue mug', nearbyText: 'Second product: Red mug' }),
    ];
    const ranked = rankFindCandidates('second product price', candidates);
    expect(ranked[0]?.candidate.name).toBe('$12.00');
    expect(refs(ranked)).toContain(candidates[1]!.ref);
  });
});

describe('rankFindCandidates: vocabulary', () => {
  it('treats basket, bag and cart as the same thing, both ways', () => {
    const basket = button('Add to basket');
    expect(top('add to cart', [heading('Reviews'), basket])).toBe(basket);
    const cart = link('Cart (3)');
    expect(top('basket', [link('Home'), cart])).toBe(cart);
    expect(top('shopping bag', [link('Home'), cart])).toBe(cart);
  });

  it('prefers the literal word over its synonym', () => {
    const basket = link('Basket');
    const cart = link('Cart');
    expect(top('cart', [basket, cart])).toBe(cart);
  });

  it('knows sign up, register and create account', () => {
    const register = link('Create an account');
    expect(top('sign up', [link('Sign in'), register])).toBe(register);
    const signUp = button('Sign up');
    expect(top('register button', [link('Sign in'), signUp])).toBe(signUp);
  });

  it('knows next/continue and submit/send', () => {
    const proceed = button('Continue');
    expect(top('next', [button('Back'), proceed])).toBe(proceed);
    const send = button('Send');
    expect(top('submit', [button('Cancel'), send])).toBe(send);
  });

  it('maps role words to roles', () => {
    const all = [
      link('Terms'),
      cand({ role: 'checkbox', tag: 'input', type: 'checkbox', name: 'I agree to the terms', interactive: true }),
      cand({ role: 'switch', tag: 'button', name: 'Dark mode', interactive: true }),
      cand({ role: 'combobox', tag: 'select', name: 'Country', interactive: true }),
      cand({ role: 'radio', tag: 'input', type: 'radio', name: 'Express shipping', interactive: true }),
      cand({ role: 'tab', tag: 'button', name: 'Reviews', interactive: true }),
      cand({ role: 'img', tag: 'img', name: 'Acme logo' }),
      heading('Shipping'),
    ];
    expect(top('terms checkbox', all)?.role).toBe('checkbox');
    expect(top('tick box', all)?.role).toBe('checkbox');
    expect(top('dark mode toggle', all)?.role).toBe('switch');
    expect(top('country dropdown', all)?.role).toBe('combobox');
    expect(top('express shipping radio button', all)?.role).toBe('radio');
    expect(top('reviews tab', all)?.role).toBe('tab');
    expect(top('logo', all)?.role).toBe('img');
    expect(top('shipping heading', all)?.role).toBe('heading');
    expect(top('terms link', all)?.role).toBe('link');
  });

  it('lets a word that suggests a role lean towards it', () => {
    const field = cand({ role: 'combobox', tag: 'input', name: 'Search the store', interactive: true });
    expect(top('search', [button('Search'), field])).toBe(field);
    expect(top('search button', [field, button('Search')])?.role).toBe('button');
  });

  it('lists every element of a role when the query only names the role, in document order', () => {
    const a = button('One');
    const b = button('Two');
    const ranked = rankFindCandidates('button', [link('Home'), heading('Title'), a, b]);
    expect(refs(ranked)).toEqual([a.ref, b.ref]);
  });

  it('ranks a link styled as a button below a real button but above a plain link', () => {
    const styled = link('Checkout', { attributes: 'btn btn-primary' });
    const plain = link('Checkout details');
    const real = button('Checkout');
    expect(refs(rankFindCandidates('checkout button', [plain, styled, real]))).toEqual([real.ref, styled.ref, plain.ref]);
  });

  it('splits camelCase, kebab and snake case in attributes', () => {
    const field = textbox('', { attributes: 'id=userEmailInput' });
    const other = textbox('', { attributes: 'id=zip_code' });
    expect(top('user email', [other, field])).toBe(field);
    expect(top('zip code field', [field, other])).toBe(other);
  });

  it('stems plurals, -ing and -ed on both sides', () => {
    const shipping = cand({ role: 'radio', tag: 'input', name: 'Ship it', interactive: true });
    expect(top('shipping', [heading('Returns'), shipping])).toBe(shipping);
    const dresses = heading('Dresses');
    expect(top('dress', [heading('Shoes'), dresses])).toBe(dresses);
    const saved = link('Saved items');
    expect(top('save item', [link('Orders'), saved])).toBe(saved);
  });

  it('matches a prefix of a longer word', () => {
    const password = textbox('Password', { type: 'password' });
    expect(top('pass', [textbox('Username'), password])).toBe(password);
  });

  it('matches across scripts and accents', () => {
    const cafe = link('Café menu');
    expect(top('cafe', [link('Home'), cafe])).toBe(cafe);
    const addToCart = button('カートに追加');
    expect(top('カート', [button('ログイン'), addToCart])).toBe(addToCart);
  });
});

describe('rankFindCandidates: widgets (menus, listboxes, tabs, suggestions)', () => {
  const item = (role: string, name: string, group: string, extra: Partial<FindCandidate> = {}) => cand({ role, tag: 'div', name, interactive: true, group, ...extra });
  /** A menubar (File, Edit, View) with File's menu open inside it, as content/find.ts reports them. */
  const menubar = () => {
    const file = item('menuitem', 'File', 'd/1');
    const items = ['New', 'Open…', 'Save', 'Save As…', 'Settings'].map((name) => item('menuitem', name, 'd/1/2'));
    return { file, items, all: [heading('Untitled document'), file, ...items, item('menuitem', 'Edit', 'd/1'), item('menuitem', 'View', 'd/1')] };
  };
  const suggestions = () => ['Latvia', 'Lithuania', 'Laos'].map((name) => item('option', name, 'd/3'));

  it('"Latvia option" picks the suggestion over the field that shows what was typed and a heading', () => {
    const field = textbox('Country', { value: 'La' });
    const [latvia, ...others] = suggestions();
    const ranked = rankFindCandidates('Latvia option', [heading('Latvia travel'), field, latvia!, ...others]);
    expect(ranked[0]?.candidate).toBe(latvia);
  });

  it('"File menu" is the File item of the menubar', () => {
    const { file, all } = menubar();
    expect(top('File menu', all)).toBe(file);
  });

  it('"the second menu item" counts within the open menu, not the menubar around it', () => {
    const { items, all } = menubar();
    const ranked = rankFindCandidates('the second menu item', all);
    expect(ranked[0]?.candidate).toBe(items[1]);
    expect(ranked[0]?.why).toMatch(/^second of 5: /);
  });

  it('counts first, 3rd and last items, and says nothing when there are not that many', () => {
    const { items, all } = menubar();
    expect(top('first menu item', all)).toBe(items[0]);
    expect(top('3rd menu item', all)).toBe(items[2]);
    expect(top('the last menu item', all)).toBe(items[4]);
    expect(rankFindCandidates('the tenth menu item', all)).toEqual([]);
  });

  it('"the Settings tab" picks the tab, not the menu item or the link with the same name', () => {
    const tabs = ['Profile', 'Settings', 'Billing'].map((name) => item('tab', name, 'd/5'));
    const { all } = menubar();
    expect(top('the Settings tab', [...all, link('Settings'), ...tabs])).toBe(tabs[1]);
    expect(top('the second tab', [...all, ...tabs])).toBe(tabs[1]);
  });

  it('"the first suggestion" and "the last option" count the suggestion list', () => {
    const list = suggestions();
    expect(top('the first suggestion', [textbox('Country'), ...list])).toBe(list[0]);
    expect(top('the last option', [textbox('Country'), ...list])).toBe(list[2]);
  });

  it('counts ungrouped elements across the page: "the second button"', () => {
    const buttons = [button('Save'), button('Cancel'), button('Help')];
    expect(top('the second button', [link('Home'), ...buttons])).toBe(buttons[1]);
  });

  it('an ordinal the page says itself is text to match, not a position', () => {
    const first = button('Buy', { nearbyText: 'First class ticket' });
    const second = button('Buy', { nearbyText: 'Second class ticket' });
    expect(top('second class buy button', [first, second])).toBe(second);
    expect(top('the second buy button', [first, second])).toBe(second);
    expect(top('the first buy button', [first, second])).toBe(first);
  });
});

describe('rankFindCandidates: ordering', () => {
  it('puts an exact phrase in the name above the same words scattered', () => {
    const scattered = button('Cart: add a gift');
    const exact = button('Add to cart');
    expect(top('add to cart', [scattered, exact])).toBe(exact);
  });

  it('puts all words matching above some words matching', () => {
    const some = button('Save');
    const all = button('Save draft');
    expect(top('save draft', [some, all])).toBe(all);
  });

  it('puts the name above nearby text and attributes', () => {
    const byAttr = button('Go', { attributes: 'newsletter' });
    const byNearby = button('Submit', { nearbyText: 'Newsletter' });
    const byName = button('Newsletter');
    expect(refs(rankFindCandidates('newsletter', [byAttr, byNearby, byName]))).toEqual([byName.ref, byNearby.ref, byAttr.ref]);
  });

  it('prefers interactive, then in-viewport, as tie-breakers only', () => {
    const text = cand({ name: 'Pricing' });
    const offscreen = link('Pricing', { inViewport: false });
    const visible = link('Pricing');
    expect(refs(rankFindCandidates('pricing', [text, offscreen, visible]))).toEqual([visible.ref, offscreen.ref, text.ref]);
    // A better match still wins over a tie-breaker.
    const exact = cand({ name: 'Pricing plans', inViewport: false });
    expect(top('pricing plans', [visible, exact])).toBe(exact);
  });

  it('breaks ties by document order, whatever the input order', () => {
    const first = link('Read more', { order: 5 });
    const second = link('Read more', { order: 9 });
    const third = link('Read more', { order: 30 });
    expect(refs(rankFindCandidates('read more', [third, first, second]))).toEqual([first.ref, second.ref, third.ref]);
  });

  it('is deterministic', () => {
    const candidates = [button('Add to cart'), link('Cart'), heading('Add to cart options'), button('Add to wishlist')];
    const a = rankFindCandidates('add to cart button', candidates);
    const b = rankFindCandidates('add to cart button', [...candidates].reverse());
    expect(b).toEqual(a);
  });
});

describe('rankFindCandidates: limits and empties', () => {
  const many = Array.from({ length: 40 }, (_, i) => link(`Item ${i}`));

  it('returns nothing for an empty or blank query', () => {
    expect(rankFindCandidates('', many)).toEqual([]);
    expect(rankFindCandidates('   \n\t', many)).toEqual([]);
    expect(rankFindCandidates('?!', many)).toEqual([]);
  });

  it('never returns a candidate that matches nothing', () => {
    expect(rankFindCandidates('zebra', many)).toEqual([]);
    expect(rankFindCandidates('item', [...many, heading('Other')]).every((m) => m.score > 0 && m.candidate.role === 'link')).toBe(true);
  });

  it('respects the limit and never returns more than 20', () => {
    expect(rankFindCandidates('item', many, 5)).toHaveLength(5);
    expect(rankFindCandidates('item', many)).toHaveLength(20);
    expect(rankFindCandidates('item', many, 100)).toHaveLength(20);
    expect(rankFindCandidates('item', many, 0)).toEqual([]);
  });
});

describe('rankFindCandidates: speed', () => {
  it('ranks 10,000 candidates quickly and finds the right one', () => {
    const candidates: FindCandidate[] = [];
    const words = ['shoe', 'mug', 'lamp', 'chair', 'table', 'pillow', 'kettle'];
    for (let i = 0; i < 10_000; i++) {
      const product = `${words[i % words.length]} model ${i}`;
      const kind = i % 4;
      candidates.push(
        kind === 0
          ? button('Add to cart', { order: i, ref: `ref_${i}`, nearbyText: `${product} — $${(i % 97) + 3}.99 in stock, ships tomorrow`, attributes: `btn add-to-cart product-${i}`, inViewport: i < 30 })
          : kind === 1
            ? link(product, { order: i, ref: `ref_${i}`, nearbyText: `${product} — $${(i % 97) + 3}.99`, attributes: 'product-link card__title', inViewport: i < 30 })
            : kind === 2
              ? cand({ role: 'img', tag: 'img', name: `Photo of ${product}`, order: i, ref: `ref_${i}`, attributes: 'productImage lazy', inViewport: i < 30 })
              : cand({ name: `$${(i % 97) + 3}.99`, order: i, ref: `ref_${i}`, nearbyText: product, attributes: 'price price--sale', inViewport: i < 30 }),
      );
    }
    const target = button('Subscribe to newsletter', { order: 7_777, ref: 'ref_target', attributes: 'newsletterSubmit', inViewport: false });
    candidates.splice(7_777, 1, target);

    rankFindCandidates('warm up', candidates.slice(0, 100));
    const narrow = bestOfThree(() => rankFindCandidates('newsletter subscribe button', candidates));
    expect(narrow.result[0]?.candidate).toBe(target);
    expect(narrow.ms).toBeLessThan(500);

    // Most candidates share the query's words here, so nothing is ruled out early.
    const broad = bestOfThree(() => rankFindCandidates('add to cart button for mug', candidates));
    expect(broad.result).toHaveLength(20);
    expect(broad.result[0]?.candidate.nearbyText).toMatch(/^mug/);
    expect(broad.ms).toBeLessThan(500);
  });
});

/** The fastest of three runs: the machine is shared, and one unlucky time slice says nothing about the code. */
function bestOfThree(run: () => FindMatch[]): { ms: number; result: FindMatch[] } {
  let ms = Infinity;
  let result: FindMatch[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    result = run();
    ms = Math.min(ms, performance.now() - started);
  }
  return { ms, result };
}

describe('formatFindResult', () => {
  it('lists each match with its ref, hints and surroundings', () => {
    const input = cand({ ref: 'ref_4', role: 'searchbox', tag: 'input', type: 'search', placeholder: 'Search', interactive: true, nearbyText: 'Site header' });
    const lower = cand({ ref: 'ref_90', role: 'textbox', tag: 'input', name: 'Newsletter search', value: 'shoes', interactive: true, inViewport: false });
    const matches = rankFindCandidates('search bar', [input, lower]);
    expect(formatFindResult('search bar', matches, matches.length)).toBe(
      [
        'Found 2 matches for "search bar"',
        'searchbox [ref_4] placeholder="Search" — in "Site header"',
        'textbox "Newsletter search" [ref_90] value="shoes" (off-screen)',
      ].join('\n'),
    );
  });

  it('says how many more matched when the list was cut', () => {
    const matches = rankFindCandidates('cart', [button('Add to cart')]);
    const text = formatFindResult('cart', matches, 31);
    expect(text.split('\n')).toEqual(['Found 1 match for "cart"', 'button "Add to cart" [ref_' + matches[0]!.candidate.order + ']', '(30 more matched less well; refine the query to narrow it.)']);
  });

  it('explains what to do when nothing matches', () => {
    const matches = rankFindCandidates('unicorn', [button('Add to cart')]);
    expect(formatFindResult('unicorn', matches, 0)).toBe(
      'No element matches "unicorn". Try read_page to see what the page has, or describe the element differently.',
    );
  });

  it('quotes and clips names and nearby text', () => {
    const long = 'A'.repeat(150);
    const match: FindMatch = {
      candidate: cand({ ref: 'ref_1', role: 'link', name: `Say "hi"\n${long}`, nearbyText: 'N'.repeat(80), interactive: true }),
      score: 1,
      why: '',
    };
    const line = formatFindResult('hi', [match], 1).split('\n')[1]!;
    const [, name] = /^link ("(?:[^"\\]|\\.)*") \[ref_1\]/.exec(line) ?? [];
    expect(name).toBeDefined();
    const decoded = JSON.parse(name!) as string;
    expect(decoded.startsWith('Say "hi" AAA')).toBe(true);
    expect(decoded).toHaveLength(100);
    expect(decoded.endsWith('…')).toBe(true);
    expect(line).toContain(` — in ${JSON.stringify(`${'N'.repeat(59)}…`)}`);
  });
});

it('counts every match, not only the twenty it returns', async () => {
  const { findMatches } = await import('./find');
  const many = Array.from({ length: 30 }, (_, i) => ({ ref: `ref_${i}`, role: 'button', name: `Delete item ${i}`, tag: 'button', inViewport: true, interactive: true, order: i }));
  const { matches, total } = findMatches('delete button', many);
  expect(matches).toHaveLength(20);
  expect(total).toBe(30);
});
