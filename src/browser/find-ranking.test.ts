import { describe, expect, it } from 'vitest';
import { rankFindCandidates, type FindCandidate } from './find';
import { button, cand, heading, link, refs, textbox, top } from './find-test-candidates';

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
