/**
 * Everything a person can operate has a ref: roving-tabindex items of composite widgets, the items
 * of a suggestion list that appeared after typing, and elements whose click handler sits on their
 * list. Each test reads the page, finds the item by the role and name a person would use, clicks
 * its ref, and checks that the page's own (delegated) handler did what a click there does.
 */
import { describe, expect, it } from 'vitest';
import { findRef } from '../../mock-anthropic/conversation';
import { gotoFixture, lineOf, memberRunner, pageEvents, type Steward, useSteward } from '../harness';

let steward: Steward;
useSteward((launched) => (steward = launched), { viewport: { width: 800, height: 600 } });

const run = memberRunner(() => steward);
const ref = (value: string) => ({ type: 'ref', ref: value });
const names = async () => (await pageEvents(steward.page)).map((event) => event.name);

/** Types into a field the way the model does: a trusted click on it by ref, then the type member. */
async function typeInto(fieldRole: string, fieldName: string, text: string): Promise<void> {
  const page = await run('read_page');
  expect((await run('left_click', { target: ref(findRef(page.text, fieldRole, fieldName)) })).isError).toBe(false);
  expect((await run('type', { text })).isError).toBe(false);
}

describe('a jQuery UI autocomplete (items are div tabindex=-1, the click handler is on the list)', () => {
  it('after typing, each suggestion is an option with a ref, and clicking it picks it', async () => {
    await gotoFixture(steward, '/widgets/autocomplete.html');
    await typeInto('textbox', 'Country', 'Lat');
    await steward.page.waitForSelector('.ui-autocomplete .ui-menu-item', { visible: true });

    const { text } = await run('read_page');
    const latvia = findRef(text, 'option', 'Latvia');
    expect(text).not.toMatch(/text "Latvia"/);

    expect((await run('left_click', { target: ref(latvia) })).isError).toBe(false);
    await steward.fixtures.waitForEffect('country:Latvia', 1);
    expect(await steward.page.$eval('#country', (input) => (input as HTMLInputElement).value)).toBe('Latvia');
  });

  it('find names the suggestion the same way: "Latvia option"', async () => {
    await gotoFixture(steward, '/widgets/autocomplete.html');
    await typeInto('textbox', 'Country', 'La');
    await steward.page.waitForSelector('.ui-autocomplete .ui-menu-item', { visible: true });
    const { text: page } = await run('read_page');
    const { text } = await run('find', { query: 'Latvia option' });
    const first = text.split('\n')[1] ?? '';
    expect(first).toContain(`option "Latvia" [${findRef(page, 'option', 'Latvia')}]`);
  });

  it('a hand-written typeahead (plain divs, pointer cursor, one handler on the menu) works the same way', async () => {
    await gotoFixture(steward, '/widgets/autocomplete.html');
    await typeInto('textbox', 'City', 'R');
    await steward.page.waitForSelector('.tt-suggestion', { visible: true });
    const { text } = await run('read_page');
    const riga = findRef(text, 'generic', 'Riga');
    expect((await run('left_click', { target: ref(riga) })).isError).toBe(false);
    await steward.fixtures.waitForEffect('city:Riga:trusted', 1);
    expect(await steward.page.$eval('#city', (input) => (input as HTMLInputElement).value)).toBe('Riga');
  });
});

describe('a roving-tabindex menubar (items without roles, one click handler on the bar)', () => {
  it('File and its items are menuitems with refs; File > Save As… runs the action', async () => {
    await gotoFixture(steward, '/widgets/menubar.html');
    const closed = await run('read_page');
    for (const name of ['File', 'Edit', 'View']) findRef(closed.text, 'menuitem', name);
    expect(lineOf(closed.text, findRef(closed.text, 'menuitem', 'File'))).toContain('collapsed');

    await run('left_click', { target: ref(findRef(closed.text, 'menuitem', 'File')) });
    const open = await run('read_page');
    expect(lineOf(open.text, findRef(open.text, 'menuitem', 'File'))).toContain('expanded');
    const saveAs = findRef(open.text, 'menuitem', 'Save As…');
    expect((await run('left_click', { target: ref(saveAs) })).isError).toBe(false);
    await steward.fixtures.waitForEffect('action:save-as:trusted', 1);
    expect(await names()).toEqual(['action:save-as:trusted']);
  });

  it('find answers "File menu" and "the second menu item" (counted in the open menu) with the refs read_page gives', async () => {
    await gotoFixture(steward, '/widgets/menubar.html');
    const closed = await run('read_page');
    const fileMenu = await run('find', { query: 'File menu' });
    expect(fileMenu.text.split('\n')[1]).toContain(`menuitem "File" [${findRef(closed.text, 'menuitem', 'File')}]`);

    await run('left_click', { target: ref(findRef(closed.text, 'menuitem', 'File')) });
    const open = await run('read_page');
    const second = await run('find', { query: 'the second menu item' });
    expect(second.text.split('\n')[1]).toContain(`menuitem "Open…" [${findRef(open.text, 'menuitem', 'Open…')}]`);
  });
});

describe('a roving-tabindex listbox (li tabindex=-1 without role=option, one click handler on the list)', () => {
  it('each choice is an option with a ref; clicking one selects it', async () => {
    await gotoFixture(steward, '/widgets/listbox.html');
    const { text } = await run('read_page');
    findRef(text, 'listbox', 'Ship to');
    expect(lineOf(text, findRef(text, 'option', 'Austria'))).toContain('selected');
    const germany = findRef(text, 'option', 'Germany');
    expect((await run('left_click', { target: ref(germany) })).isError).toBe(false);
    await steward.fixtures.waitForEffect('country:de:trusted', 1);
    expect(await steward.page.$eval('#chosen', (output) => output.textContent)).toBe('Germany');
    const after = await run('read_page');
    expect(lineOf(after.text, germany)).toContain('selected');
  });

  it('an aria-activedescendant listbox (plain li items, focus stays on the list): each item is an option with a ref', async () => {
    await gotoFixture(steward, '/widgets/listbox.html');
    const { text } = await run('read_page');
    findRef(text, 'listbox', 'Delivery speed');
    expect(lineOf(text, findRef(text, 'option', 'Standard'))).toContain('selected');
    expect((await run('left_click', { target: ref(findRef(text, 'option', 'Express')) })).isError).toBe(false);
    await steward.fixtures.waitForEffect('speed:express:trusted', 1);
  });
});
