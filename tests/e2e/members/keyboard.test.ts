import { beforeEach, describe, expect, it } from 'vitest';
import { findRef } from '../../mock-anthropic/conversation';
import { gotoFixture, pageEvents, type Steward, memberRunner, useSteward } from '../harness';

let steward: Steward;
useSteward((launched) => (steward = launched), { viewport: { width: 800, height: 600 } });

const run = memberRunner(() => steward);
const ref = (value: string) => ({ type: 'ref', ref: value });
const value = (selector: string) => steward.page.$eval(selector, (element) => (element as HTMLInputElement).value);

describe('type and key', () => {
  beforeEach(async () => {
    await gotoFixture(steward, '/hard/keys.html');
  });

  it('type inserts text at the focus, line breaks included', async () => {
    await steward.page.focus('#scratch');
    const result = await run('type', { text: 'Hello\nWorld' });
    expect(result.isError).toBe(false);
    expect(await value('#scratch')).toBe('Hello\nWorld');
    expect(await value('#notes')).toBe('old text');
  });

  it('key handles a chord: ctrl+a selects all, so typing replaces it', async () => {
    await steward.page.focus('#notes');
    expect((await run('key', { text: 'ctrl+a' })).isError).toBe(false);
    expect(await run('type', { text: 'new text' })).toMatchObject({ isError: false });
    expect(await value('#notes')).toBe('new text');
    const keydown = (await pageEvents(steward.page)).find((event) => event.name === 'keydown:a:trusted');
    expect(keydown).toMatchObject({ ctrl: true });
  });

  it('key handles a sequence: "Tab Tab Return" moves the focus twice and activates the button there', async () => {
    await steward.page.focus('#notes');
    expect((await run('key', { text: 'Tab Tab Return' })).isError).toBe(false);
    await steward.fixtures.waitForEffect('third-activated:trusted', 1);
    expect(steward.fixtures.effects.get('second-activated:trusted')).toBeUndefined();
  });

  it('key repeats a key', async () => {
    await steward.page.$eval('#notes', (input) => {
      (input as HTMLInputElement).focus();
      (input as HTMLInputElement).setSelectionRange(8, 8);
    });
    expect((await run('key', { text: 'Backspace', repeat: 3 })).isError).toBe(false);
    expect(await value('#notes')).toBe('old t');
  });

  it('hold_key holds a key down for the duration, then releases it', async () => {
    await steward.page.focus('#scratch');
    const started = Date.now();
    const result = await run('hold_key', { text: 'shift', duration: 1.5 });
    const elapsed = Date.now() - started;
    expect(result.isError).toBe(false);
    expect(elapsed).toBeGreaterThanOrEqual(1_400);
    expect(elapsed).toBeLessThan(10_000);
    await steward.fixtures.waitForEffect('keyup:Shift:trusted', 1);
    const keyup = (await pageEvents(steward.page)).find((event) => event.name === 'keyup:Shift:trusted');
    expect(keyup!.heldMs as number).toBeGreaterThanOrEqual(1_400);
  });

  it('hold_key refuses more than 30 seconds without pressing anything', async () => {
    await steward.page.focus('#scratch');
    const started = Date.now();
    const result = await run('hold_key', { text: 'shift', duration: 31 });
    expect(result.isError).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await pageEvents(steward.page)).toEqual([]);
  });
});

describe('typing into framework-controlled and rich fields', () => {
  it('types into Preact-controlled inputs: the framework state follows', async () => {
    await gotoFixture(steward, '/hard/controlled.html');
    await steward.page.waitForSelector('body[data-ready="true"]');
    const { text } = await run('read_page');
    await run('left_click', { target: ref(findRef(text, 'textbox', 'Full name')) });
    expect((await run('type', { text: 'Ada Lovelace' })).isError).toBe(false);
    await run('left_click', { target: ref(findRef(text, 'textbox', 'Promo code')) });
    await run('type', { text: 'spring' });
    await steward.page.waitForFunction(() => document.getElementById('summary')?.textContent?.includes('Code=SPRING'));
    expect(await steward.page.$eval('#summary', (p) => p.textContent)).toBe('Name=Ada Lovelace; Code=SPRING; Quantity=1; Gift=false; Plan=basic');
    await run('left_click', { target: ref(findRef(text, 'button', 'Place order')) });
    await steward.fixtures.waitForEffect('order:Ada Lovelace|SPRING|1|false|basic', 1);
  });

  it('types into a contenteditable editor with trusted input events', async () => {
    await gotoFixture(steward, '/hard/editor.html');
    const { text } = await run('read_page');
    await run('left_click', { target: ref(findRef(text, 'textbox', 'Message body')) });
    expect((await run('type', { text: 'Hello editor' })).isError).toBe(false);
    expect(await steward.page.$eval('#editor', (editor) => editor.textContent)).toBe('Hello editor');
    expect(await steward.page.$eval('#count', (output) => output.textContent)).toBe('12');
    const inputs = (await pageEvents(steward.page)).filter((event) => event.name.startsWith('editor-input:'));
    expect(inputs.length).toBeGreaterThan(0);
    expect(inputs.every((event) => event.name === 'editor-input:trusted')).toBe(true);
    await run('key', { text: 'ctrl+a Backspace' });
    expect(await steward.page.$eval('#editor', (editor) => editor.textContent)).toBe('');
  });

  it('types into an input inside an open shadow root', async () => {
    await gotoFixture(steward, '/hard/shadow.html');
    const { text } = await run('read_page');
    await run('left_click', { target: ref(findRef(text, 'textbox', 'Username')) });
    await run('type', { text: 'grace' });
    expect(await steward.page.evaluate(() => (document.querySelector('login-card')!.shadowRoot!.getElementById('user') as HTMLInputElement).value)).toBe('grace');
    await steward.fixtures.waitForEffect('shadow-input:trusted', 1);
  });

  it('types into a field inside a cross-origin iframe', async () => {
    const child = `${steward.fixtures.crossOriginUrl}/hard/frame-child.html?name=Cross`;
    await gotoFixture(steward, `/hard/iframes.html?child=${encodeURIComponent(child)}`);
    const frame = await steward.page.waitForFrame((candidate) => candidate.url().startsWith(steward.fixtures.crossOriginUrl));
    await frame.waitForSelector('#field[aria-label]');
    const { text } = await run('read_page', { filter: 'all' });
    await run('left_click', { target: ref(findRef(text, 'textbox', 'Cross frame field')) });
    await run('type', { text: 'over there' });
    expect(await frame.$eval('#field', (input) => (input as HTMLInputElement).value)).toBe('over there');
    await steward.fixtures.waitForEffect('frame-input:Cross:trusted', 1);
  });
});
