import { beforeEach, describe, expect, it } from 'vitest';
import { findRef } from '../../mock-anthropic/conversation';
import { gotoFixture, pageEvents, refByName, type Steward, memberRunner, useSteward } from '../harness';

let steward: Steward;
useSteward((launched) => (steward = launched), { viewport: { width: 800, height: 900 } });

const run = memberRunner(() => steward);
const ref = (value: string) => ({ type: 'ref', ref: value });

/** [accessible name, element id, value given to form_input, the value the page then reports] */
const CASES: Array<[string, string, string | number | boolean, string]> = [
  ['Full name', 'text', 'Ada Lovelace', 'Ada Lovelace'],
  ['Work email', 'email', 'ada@example.com', 'ada@example.com'],
  ['Guests', 'number', 42, '42'],
  ['Arrival date', 'date', '2026-03-14', '2026-03-14'],
  ['Arrival time', 'time', '13:45', '13:45'],
  ['Brightness', 'range', 70, '70'],
  ['Accent colour', 'color', '#ff8800', '#ff8800'],
  ['Comments', 'textarea', 'Line one\nLine two', 'Line one\nLine two'],
  ['Country', 'select', 'de', 'de'],
  ['Accept terms', 'checkbox', true, 'true'],
  ['Express delivery', 'radio-express', true, 'true'],
];

describe('form_input on every kind of control', () => {
  beforeEach(async () => {
    await gotoFixture(steward, '/hard/forms.html');
  });

  for (const [name, id, given, expected] of CASES) {
    it(`sets ${id} ("${name}") to ${JSON.stringify(given)}, and the page sees input and change events`, async () => {
      const { text } = await run('read_page', { filter: 'all' });
      const result = await run('form_input', { target: ref(refByName(text, name)), value: given });
      expect(result.isError, result.text).toBe(false);
      const events = (await pageEvents(steward.page)).filter((event) => event.name.endsWith(`:${id}`));
      expect(events.map((event) => event.name)).toEqual(expect.arrayContaining([`input:${id}`, `change:${id}`]));
      expect(events.at(-1)?.value).toBe(expected);
    });
  }

  it('selects an option by its visible text', async () => {
    const { text } = await run('read_page', { filter: 'all' });
    const result = await run('form_input', { target: ref(refByName(text, 'Country')), value: 'Japan' });
    expect(result.isError, result.text).toBe(false);
    expect(await steward.page.$eval('#select', (select) => (select as HTMLSelectElement).value)).toBe('jp');
    expect((await pageEvents(steward.page)).map((event) => event.name)).toContain('change:select');
  });

  it('selects an option in a multiple select', async () => {
    const { text } = await run('read_page', { filter: 'all' });
    const result = await run('form_input', { target: ref(refByName(text, 'Toppings')), value: 'Olives' });
    expect(result.isError, result.text).toBe(false);
    expect(await steward.page.$eval('#multi', (select) => [...(select as HTMLSelectElement).selectedOptions].map((o) => o.value))).toContain('olive');
    expect((await pageEvents(steward.page)).map((event) => event.name)).toContain('change:multi');
  });

  it('unchecks a checkbox with false, and a radio choice clears its siblings', async () => {
    const { text } = await run('read_page', { filter: 'all' });
    await run('form_input', { target: ref(refByName(text, 'Accept terms')), value: true });
    await run('form_input', { target: ref(refByName(text, 'Accept terms')), value: false });
    expect(await steward.page.$eval('#checkbox', (box) => (box as HTMLInputElement).checked)).toBe(false);
    await run('form_input', { target: ref(refByName(text, 'Express delivery')), value: true });
    expect(await steward.page.$eval('#radio-standard', (radio) => (radio as HTMLInputElement).checked)).toBe(false);
    expect(await steward.page.$eval('#radio-express', (radio) => (radio as HTMLInputElement).checked)).toBe(true);
  });

  it('sets a contenteditable field, and the page sees an input event', async () => {
    const { text } = await run('read_page', { filter: 'all' });
    const result = await run('form_input', { target: ref(refByName(text, 'Signature')), value: 'Best regards' });
    expect(result.isError, result.text).toBe(false);
    expect(await steward.page.$eval('#rich', (rich) => rich.textContent)).toBe('Best regards');
    expect((await pageEvents(steward.page)).map((event) => event.name)).toContain('input:rich');
  });
});

it('updates the state of Preact-controlled inputs, so the framework keeps the values and submits them', async () => {
  await gotoFixture(steward, '/hard/controlled.html');
  await steward.page.waitForSelector('body[data-ready="true"]');
  const { text } = await run('read_page');
  const set = async (role: string, name: string, value: string | number | boolean) => {
    const result = await run('form_input', { target: ref(findRef(text, role, name)), value });
    expect(result.isError, `${role} "${name}": ${result.text}`).toBe(false);
  };
  await set('textbox', 'Full name', 'Grace Hopper');
  await set('textbox', 'Promo code', 'abc');
  await set('spinbutton', 'Quantity', 3);
  await set('checkbox', 'Gift wrap', true);
  await set('combobox', 'Plan', 'Pro');
  await steward.page.waitForFunction(() => document.getElementById('summary')?.textContent?.includes('Plan=pro'));
  expect(await steward.page.$eval('#summary', (p) => p.textContent)).toBe('Name=Grace Hopper; Code=ABC; Quantity=3; Gift=true; Plan=pro');
  await run('left_click', { target: ref(findRef(text, 'button', 'Place order')) });
  await steward.fixtures.waitForEffect('order:Grace Hopper|ABC|3|true|pro', 1);
});
