import { beforeEach, describe, expect, it } from 'vitest';
import { findRef } from '../../mock-anthropic/conversation';
import { gotoFixture, lineOf, pageEvents, refForText, runMember, type Steward, useSteward } from '../harness';

let steward: Steward;
useSteward((launched) => (steward = launched), { viewport: { width: 800, height: 600 } });

const readPage = (input: Record<string, unknown> = {}) => runMember(steward, steward.page, 'read_page', input);
const crossChild = () => `${steward.fixtures.crossOriginUrl}/hard/frame-child.html?name=Cross`;

describe('roles, names, states and values', () => {
  beforeEach(async () => {
    await gotoFixture(steward, '/hard/semantics.html');
  });

  it('names every element from aria-labelledby, aria-label, label[for], a wrapping label, alt, title, placeholder and content', async () => {
    const { isError, text } = await readPage({ filter: 'all' });
    expect(isError).toBe(false);
    findRef(text, 'textbox', 'Home city'); // aria-labelledby
    findRef(text, 'searchbox', 'Search the site'); // aria-label
    findRef(text, 'textbox', 'Email address'); // label[for]
    findRef(text, 'textbox', 'Nickname'); // wrapping label
    findRef(text, 'textbox', 'Coupon code'); // placeholder
    findRef(text, 'button', 'Close panel'); // title
    findRef(text, 'button', 'Save changes'); // content
    findRef(text, 'link', 'Read the article');
    expect(text).toMatch(/^\s*img "Company logo"/m); // alt
  });

  it('shows checked, selected, expanded, pressed, disabled, required and invalid states, and focus', async () => {
    await steward.page.focus('input[name="nick"]');
    const { text } = await readPage({ filter: 'all' });
    const state = (role: string, name: string) => lineOf(text, findRef(text, role, name));
    expect(state('checkbox', 'Remember me')).toMatch(/\bchecked\b/);
    expect(state('checkbox', 'Send offers')).not.toMatch(/\bchecked\b/);
    expect(state('option', 'Large')).toMatch(/\bselected\b/);
    expect(state('option', 'Small')).not.toMatch(/\bselected\b/);
    expect(state('button', 'More options')).toMatch(/\bexpanded\b/);
    expect(state('button', 'Bold')).toMatch(/\bpressed\b/);
    expect(state('button', 'Delete account')).toMatch(/\bdisabled\b/);
    expect(state('textbox', 'Email address')).toMatch(/\brequired\b/);
    expect(state('textbox', 'Email address')).toMatch(/\binvalid\b/);
    expect(state('textbox', 'Nickname')).toMatch(/\bfocused\b/);
    expect(state('textbox', 'Email address')).not.toMatch(/\bfocused\b/);
  });

  it('shows live values, heading levels and link targets', async () => {
    await steward.page.$eval('input[name="nick"]', (input) => ((input as HTMLInputElement).value = 'Countess'));
    const { text } = await readPage({ filter: 'all' });
    expect(lineOf(text, findRef(text, 'textbox', 'Home city'))).toContain('value="Paris"');
    expect(lineOf(text, findRef(text, 'textbox', 'Nickname'))).toContain('value="Countess"');
    expect(lineOf(text, findRef(text, 'combobox', 'Country'))).toContain('Spain');
    expect(text).toMatch(/heading "Account settings".*\blevel=1\b/);
    expect(text).toMatch(/heading "Danger zone".*\blevel=3\b/);
    expect(lineOf(text, findRef(text, 'link', 'Read the article'))).toContain('/hard/article.html');
    expect(lineOf(text, findRef(text, 'link', 'Help centre'))).toContain('https://example.com/help');
  });

  it('never shows a password, neither the attribute value nor what was typed', async () => {
    await steward.page.$eval('#password', (input) => ((input as HTMLInputElement).value = ''));
    await steward.page.type('#password', 'typed-Secret-42');
    for (const filter of [undefined, 'all', 'interactive']) {
      const { text } = await readPage(filter ? { filter } : {});
      findRef(text, 'textbox', 'Password');
      expect(text).not.toContain('typed-Secret-42');
      expect(text).not.toContain('hunter2');
    }
  });

  it('filters: the default shows only the viewport, "all" includes off-viewport elements, "interactive" only actionable ones', async () => {
    const visible = await readPage();
    expect(visible.text).toContain('Save changes');
    expect(visible.text).not.toContain('Far away button');
    const all = await readPage({ filter: 'all' });
    findRef(all.text, 'button', 'Far away button');
    const interactive = await readPage({ filter: 'interactive' });
    findRef(interactive.text, 'button', 'Save changes');
    expect(interactive.text).not.toMatch(/^\s*heading /m);
    expect(interactive.text).not.toMatch(/^\s*text /m);
    for (const line of interactive.text.split('\n').filter((l) => /^\s+\S/.test(l) || /^[a-z]+ /.test(l))) {
      if (/^(Page|Showing|Scrolled)\b/.test(line.trim())) continue;
      expect(line, 'every element line of the interactive filter carries a ref').toMatch(/\[ref_\d+\]/);
    }
  });

  it('depth limits how deep the tree goes', async () => {
    const full = await readPage({ filter: 'all' });
    expect(full.text).toMatch(/^ {2}link "Read the article"/m);
    const shallow = await readPage({ filter: 'all', depth: 1 });
    expect(shallow.isError).toBe(false);
    expect(shallow.text).toContain('navigation "Primary"');
    expect(shallow.text).not.toContain('Read the article');
    expect(shallow.text).not.toMatch(/^ +\S/m);
  });

  it('ref reads just that subtree', async () => {
    const all = await readPage({ filter: 'all' });
    const listbox = findRef(all.text, 'listbox', 'Size');
    const sub = await readPage({ ref: listbox });
    expect(sub.isError).toBe(false);
    expect(sub.text).toContain('option "Large"');
    expect(sub.text).toContain('option "Small"');
    expect(sub.text).not.toContain('Save changes');
    expect(sub.text).not.toContain('Account settings');
  });

  it('keeps the same ref for the same element across calls while it lives', async () => {
    const first = await readPage({ filter: 'all' });
    await steward.page.evaluate(() => document.body.insertAdjacentHTML('afterbegin', '<p>Inserted banner</p>'));
    const second = await readPage({ filter: 'all' });
    const third = await readPage({ filter: 'interactive' });
    for (const [role, name] of [['button', 'Save changes'], ['textbox', 'Email address'], ['link', 'Help centre']] as const) {
      expect(findRef(second.text, role, name), `${role} "${name}"`).toBe(findRef(first.text, role, name));
      expect(findRef(third.text, role, name), `${role} "${name}"`).toBe(findRef(first.text, role, name));
    }
  });
});

describe('refs that no longer point at anything', () => {
  beforeEach(async () => {
    await gotoFixture(steward, '/hard/rerender.html');
  });

  it('a ref from before a re-render is stale: a clear error saying to read the page again, and nothing is clicked', async () => {
    const before = await readPage();
    const stale = findRef(before.text, 'button', 'Open Beta');
    await steward.page.click('#reload');
    await steward.page.waitForFunction(() => document.body.dataset.generation === '2');
    const result = await runMember(steward, steward.page, 'left_click', { target: { type: 'ref', ref: stale } });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/read_page|read the page|find/i);
    expect((await pageEvents(steward.page)).filter((event) => event.name.startsWith('open:'))).toEqual([]);
    // Reading again gives a ref that works on the new element.
    const after = await readPage();
    const fresh = findRef(after.text, 'button', 'Open Beta');
    const click = await runMember(steward, steward.page, 'left_click', { target: { type: 'ref', ref: fresh } });
    expect(click.isError).toBe(false);
    await steward.fixtures.waitForEffect('open:Beta:gen2:trusted', 1);
    expect(steward.fixtures.effects.get('open:Beta:gen1:trusted')).toBeUndefined();
  });

  it('a stale ref given to form_input is an error too, and an unknown ref says to read the page again', async () => {
    const before = await readPage();
    const stale = findRef(before.text, 'button', 'Open Gamma');
    await steward.page.click('#reload');
    await steward.page.waitForFunction(() => document.body.dataset.generation === '2');
    const form = await runMember(steward, steward.page, 'form_input', { target: { type: 'ref', ref: stale }, value: 'x' });
    expect(form.isError).toBe(true);
    expect(form.text).toMatch(/read_page|read the page|find/i);
    const unknown = await runMember(steward, steward.page, 'left_click', { target: { type: 'ref', ref: 'ref_987654' } });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toMatch(/read_page|read the page|find/i);
    expect((await pageEvents(steward.page)).filter((event) => event.name.startsWith('open:'))).toEqual([]);
  });
});

describe('what read_page skips and what it sees into', () => {
  it('leaves out display:none, visibility:hidden, aria-hidden, inert, zero-size and hidden elements', async () => {
    await gotoFixture(steward, '/hard/hidden.html');
    for (const filter of [undefined, 'all', 'interactive']) {
      const { text } = await readPage(filter ? { filter } : {});
      findRef(text, 'button', 'Visible action');
      for (const hidden of ['Hidden by display', 'Hidden by parent display', 'Hidden by visibility', 'Hidden by aria', 'Hidden by inert', 'Hidden inert link', 'Hidden by size', 'Hidden by attribute', 'Hidden input token', 'Hidden paragraph text']) {
        expect(text, `${hidden} (filter ${filter ?? 'default'})`).not.toContain(hidden);
      }
      expect(text).not.toContain('attr-password-value');
    }
  });

  it('sees buttons and inputs inside open shadow roots, with refs', async () => {
    await gotoFixture(steward, '/hard/shadow.html');
    const { text } = await readPage();
    findRef(text, 'button', 'Launch rocket');
    findRef(text, 'button', 'Sign in');
    findRef(text, 'textbox', 'Username');
  });

  it('sees into same-origin and cross-origin iframes, with refs', async () => {
    await gotoFixture(steward, `/hard/iframes.html?child=${encodeURIComponent(crossChild())}`);
    await steward.page.waitForFrame((frame) => frame.url().startsWith(steward.fixtures.crossOriginUrl));
    const { text } = await readPage({ filter: 'all' });
    findRef(text, 'button', 'Same frame button');
    findRef(text, 'textbox', 'Same frame field');
    findRef(text, 'button', 'Cross frame button');
    findRef(text, 'textbox', 'Cross frame field');
  });

  it('gives refs to elements a person can click that have no ARIA role: onclick, cursor:pointer, tabindex', async () => {
    await gotoFixture(steward, '/hard/clickable.html');
    const { text } = await readPage({ filter: 'interactive' });
    const refs = ['Open details', 'Product card', 'Tabbable chip'].map((label) => refForText(text, label));
    expect(new Set(refs).size).toBe(3);
    expect(text).not.toContain('Plain text tile');
  });

  it('caps the output at 50,000 characters and tells the model how to narrow it', async () => {
    await gotoFixture(steward, '/hard/table.html');
    const { isError, text } = await readPage({ filter: 'all' });
    expect(isError).toBe(false);
    expect(text.length).toBeLessThanOrEqual(50_000);
    expect(text).toContain('Edit item 1"');
    const tail = text.split('\n').slice(-3).join('\n');
    expect(tail).toMatch(/truncat|cut|limit|narrow|more/i);
    expect(tail).toMatch(/\bref\b|depth|filter|find/i);
  });
});
