import { describe, expect, it } from 'vitest';
import { rankFindCandidates } from './find';
import { button, cand, heading, link, refs, textbox, top } from './find-test-candidates';

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
