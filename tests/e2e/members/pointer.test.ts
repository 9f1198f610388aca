import { beforeEach, describe, expect, it } from 'vitest';
import { findRef } from '../../mock-anthropic/conversation';
import { gotoFixture, jpegSize, pageEvents, refForText, type Steward, memberRunner, useSteward } from '../harness';

let steward: Steward;
useSteward((launched) => (steward = launched), { viewport: { width: 800, height: 600 } });

const run = memberRunner(() => steward);
const ref = (value: string) => ({ type: 'ref', ref: value });
const at = (x: number, y: number) => ({ type: 'coordinate', x, y });
const names = async () => (await pageEvents(steward.page)).map((event) => event.name);
const crossChild = () => `${steward.fixtures.crossOriginUrl}/hard/frame-child.html?name=Cross`;

describe('clicks', () => {
  it('left_click by ref sends one trusted click', async () => {
    await gotoFixture(steward, '/hard/semantics.html');
    const { text } = await run('read_page');
    const result = await run('left_click', { target: ref(findRef(text, 'button', 'Save changes')) });
    expect(result.isError).toBe(false);
    await steward.fixtures.waitForEffect('save:trusted', 1);
    expect(steward.fixtures.effects.get('save:trusted')).toBe(1);
  });

  it('left_click by ref scrolls an off-viewport element into view first', async () => {
    await gotoFixture(steward, '/hard/semantics.html');
    const { text } = await run('read_page', { filter: 'all' });
    const result = await run('left_click', { target: ref(findRef(text, 'button', 'Far away button')) });
    expect(result.isError).toBe(false);
    await steward.fixtures.waitForEffect('far:trusted', 1);
    expect(await steward.page.evaluate(() => window.scrollY)).toBeGreaterThan(1_000);
  });

  it('left_click by ref aims at the centre of the element', async () => {
    await gotoFixture(steward, '/hard/clicks.html');
    const { text } = await run('read_page');
    await run('left_click', { target: ref(findRef(text, 'button', 'Target')) });
    const click = (await pageEvents(steward.page)).find((event) => event.name.startsWith('click:'));
    expect(click?.name).toBe('click:0:1:none:trusted');
    expect(Math.abs((click?.x as number) - 200)).toBeLessThanOrEqual(2);
    expect(Math.abs((click?.y as number) - 150)).toBeLessThanOrEqual(2);
  });

  it('left_click by ref aims at the visible centre of a partly clipped element', async () => {
    await gotoFixture(steward, '/hard/clicks.html');
    const { text } = await run('read_page');
    // The button is 300 px wide but its container shows only x 400..520: its geometric centre (550) is clipped.
    const result = await run('left_click', { target: ref(findRef(text, 'button', 'Half hidden')) });
    expect(result.isError, result.text).toBe(false);
    await steward.fixtures.waitForEffect('clipped:trusted', 1);
    const click = (await pageEvents(steward.page)).find((event) => event.name === 'clipped:trusted');
    expect(Math.abs((click!.x as number) - 460)).toBeLessThanOrEqual(3);
    expect(Math.abs((click!.y as number) - 120)).toBeLessThanOrEqual(3);
  });

  it('left_click at a coordinate lands exactly there, trusted', async () => {
    await gotoFixture(steward, '/hard/clicks.html');
    const result = await run('left_click', { target: at(130, 120) });
    expect(result.isError).toBe(false);
    const events = await pageEvents(steward.page);
    expect(events.map((event) => event.name)).toEqual(['mousedown:0:1:none:trusted', 'mouseup:0:1:none:trusted', 'click:0:1:none:trusted']);
    expect(events[2]).toMatchObject({ x: 130, y: 120 });
  });

  it('right_click opens the context menu with button 2', async () => {
    await gotoFixture(steward, '/hard/clicks.html');
    const { text } = await run('read_page');
    const result = await run('right_click', { target: ref(findRef(text, 'button', 'Target')) });
    expect(result.isError).toBe(false);
    const seen = await names();
    expect(seen).toContain('mousedown:2:1:none:trusted');
    expect(seen).toContain('mouseup:2:1:none:trusted');
    // contextmenu events carry detail 0.
    expect(seen).toContain('contextmenu:2:0:none:trusted');
    expect(seen.some((name) => name.startsWith('click:'))).toBe(false);
  });

  it('middle_click sends an auxclick with button 1', async () => {
    await gotoFixture(steward, '/hard/clicks.html');
    const result = await run('middle_click', { target: at(200, 150) });
    expect(result.isError).toBe(false);
    await steward.page.waitForFunction(() => (window as unknown as { events: Array<{ name: string }> }).events.some((e) => e.name.startsWith('auxclick:')));
    const seen = await names();
    expect(seen).toContain('mousedown:1:1:none:trusted');
    expect(seen).toContain('auxclick:1:1:none:trusted');
    expect(seen.some((name) => name.startsWith('click:'))).toBe(false);
  });

  it('double_click sends two clicks and a dblclick', async () => {
    await gotoFixture(steward, '/hard/clicks.html');
    const { text } = await run('read_page');
    const result = await run('double_click', { target: ref(findRef(text, 'button', 'Target')) });
    expect(result.isError).toBe(false);
    const seen = await names();
    expect(seen.filter((name) => name.startsWith('click:'))).toEqual(['click:0:1:none:trusted', 'click:0:2:none:trusted']);
    expect(seen).toContain('dblclick:0:2:none:trusted');
  });

  it('triple_click selects the whole paragraph', async () => {
    await gotoFixture(steward, '/hard/clicks.html');
    const result = await run('triple_click', { target: at(150, 268) });
    expect(result.isError).toBe(false);
    await steward.fixtures.waitForEffect('para-triple:trusted', 1);
    const triple = (await pageEvents(steward.page)).find((event) => event.name === 'para-triple:trusted');
    expect(triple?.selection).toBe('Quick brown foxes jump over lazy dogs.');
  });

  it('honours modifiers held during the click', async () => {
    await gotoFixture(steward, '/hard/clicks.html');
    await run('left_click', { target: at(200, 150), modifiers: 'shift' });
    await run('left_click', { target: at(200, 150), modifiers: 'ctrl+alt' });
    const clicks = (await names()).filter((name) => name.startsWith('click:'));
    expect(clicks).toEqual(['click:0:1:shift:trusted', 'click:0:1:ctrl+alt:trusted']);
  });

  it('a button covered by a modal is not clicked: is_error names what covers it', async () => {
    await gotoFixture(steward, '/hard/modal.html');
    const { text } = await run('read_page', { filter: 'all' });
    const result = await run('left_click', { target: ref(findRef(text, 'button', 'Delete account')) });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('Cookie consent');
    expect(await names()).toEqual([]);
    expect(steward.fixtures.effects.get('delete:trusted')).toBeUndefined();
    expect(steward.fixtures.effects.get('overlay-click:trusted')).toBeUndefined();
    // Once the modal is gone, the same button can be clicked.
    await run('left_click', { target: ref(findRef(text, 'button', 'Accept cookies')) });
    await steward.fixtures.waitForEffect('accept:trusted', 1);
    const again = await run('read_page');
    const click = await run('left_click', { target: ref(findRef(again.text, 'button', 'Delete account')) });
    expect(click.isError).toBe(false);
    await steward.fixtures.waitForEffect('delete:trusted', 1);
  });

  it('clicks elements that have only an onclick, cursor:pointer or tabindex', async () => {
    await gotoFixture(steward, '/hard/clickable.html');
    const { text } = await run('read_page', { filter: 'interactive' });
    for (const [label, effect] of [['Open details', 'details:trusted'], ['Product card', 'card:trusted'], ['Tabbable chip', 'chip:trusted']] as const) {
      const result = await run('left_click', { target: ref(refForText(text, label)) });
      expect(result.isError, label).toBe(false);
      await steward.fixtures.waitForEffect(effect, 1);
    }
  });

  it('clicks a button inside an open shadow root by ref', async () => {
    await gotoFixture(steward, '/hard/shadow.html');
    const { text } = await run('read_page');
    const result = await run('left_click', { target: ref(findRef(text, 'button', 'Sign in')) });
    expect(result.isError).toBe(false);
    await steward.fixtures.waitForEffect('shadow-click:Sign in:trusted', 1);
    expect(steward.fixtures.effects.get('shadow-click:Launch rocket:trusted')).toBeUndefined();
  });
});

describe('iframes', () => {
  beforeEach(async () => {
    await gotoFixture(steward, `/hard/iframes.html?child=${encodeURIComponent(crossChild())}`);
    await steward.page.waitForFrame((frame) => frame.url().startsWith(steward.fixtures.crossOriginUrl));
  });

  it('clicks by ref inside a same-origin iframe', async () => {
    const { text } = await run('read_page', { filter: 'all' });
    const result = await run('left_click', { target: ref(findRef(text, 'button', 'Same frame button')) });
    expect(result.isError).toBe(false);
    await steward.fixtures.waitForEffect('frame-click:Same:trusted', 1);
  });

  it('clicks by ref inside a cross-origin iframe', async () => {
    const { text } = await run('read_page', { filter: 'all' });
    const result = await run('left_click', { target: ref(findRef(text, 'button', 'Cross frame button')) });
    expect(result.isError).toBe(false);
    await steward.fixtures.waitForEffect('frame-click:Cross:trusted', 1);
  });

  it('a coordinate over a cross-origin iframe reaches it at the right position', async () => {
    // The frame sits at (360, 300); its button spans (40..200, 20..60) inside it.
    const result = await run('left_click', { target: at(360 + 120, 300 + 40) });
    expect(result.isError).toBe(false);
    await steward.fixtures.waitForEffect('frame-click:Cross:trusted', 1);
    const frame = steward.page.frames().find((candidate) => candidate.url().startsWith(steward.fixtures.crossOriginUrl))!;
    const [click] = await pageEvents(frame);
    expect(click).toMatchObject({ name: 'frame-click:Cross:trusted', x: 120, y: 40 });
  });
});

describe('coordinates', () => {
  it('coordinates in the screenshot frame map back to CSS pixels on a large viewport', async () => {
    await steward.page.setViewport({ width: 1920, height: 1200, deviceScaleFactor: 1 });
    await gotoFixture(steward, '/hard/canvas.html');
    const shot = await run('screenshot');
    const image = shot.content.find((block) => block.type === 'image');
    const { width, height } = jpegSize(image!.source!.data);
    expect(width).toBeLessThan(1920);
    // CSS (700, 500) is (100, 100) inside the canvas at (600, 400).
    const result = await run('left_click', { target: at(Math.round((700 * width) / 1920), Math.round((500 * height) / 1200)) });
    expect(result.isError).toBe(false);
    await steward.fixtures.waitForEffect('canvas-click:trusted', 1);
    const [click] = await pageEvents(steward.page);
    expect(Math.abs((click!.x as number) - 100)).toBeLessThanOrEqual(2);
    expect(Math.abs((click!.y as number) - 100)).toBeLessThanOrEqual(2);
  });
});

describe('hover and raw mouse', () => {
  beforeEach(async () => {
    await gotoFixture(steward, '/hard/hover.html');
  });

  it('hover by ref opens a CSS :hover menu, whose items then appear in read_page', async () => {
    const { text } = await run('read_page', { filter: 'all' });
    expect(text).not.toContain('Laptops');
    const result = await run('hover', { target: ref(findRef(text, 'link', 'Products')) });
    expect(result.isError).toBe(false);
    await steward.fixtures.waitForEffect('products-enter:trusted', 1);
    expect(await steward.page.$eval('#laptops', (link) => getComputedStyle(link).display !== 'none' && (link as HTMLElement).offsetHeight > 0)).toBe(true);
    const after = await run('read_page');
    findRef(after.text, 'link', 'Laptops');
  });

  it('hover by ref fires mouseenter for a JS menu, without clicking', async () => {
    const { text } = await run('read_page');
    const result = await run('hover', { target: ref(findRef(text, 'button', 'Account')) });
    expect(result.isError).toBe(false);
    await steward.fixtures.waitForEffect('account-enter:trusted', 1);
    const after = await run('read_page');
    findRef(after.text, 'link', 'Sign out');
  });

  it('left_click moves the pointer there before it presses, even though it does not wait for the move to be answered', async () => {
    const result = await run('left_click', { target: at(480, 100) });
    expect(result.isError).toBe(false);
    await steward.fixtures.waitForEffect('account-down:trusted', 1);
    expect(await names()).toEqual(['account-enter:trusted', 'mousemove:trusted', 'account-down:trusted']);
  });

  it('mouse_move to a coordinate moves the real pointer there', async () => {
    const result = await run('mouse_move', { target: at(480, 100) });
    expect(result.isError).toBe(false);
    await steward.fixtures.waitForEffect('account-enter:trusted', 1);
    await steward.page.waitForFunction(() => (window as unknown as { events: Array<{ name: string }> }).events.some((e) => e.name === 'account-enter:trusted'));
    const move = (await pageEvents(steward.page)).find((event) => event.name.startsWith('mousemove:'));
    expect(move).toMatchObject({ name: 'mousemove:trusted' });
  });
});

describe('drag', () => {
  beforeEach(async () => {
    await gotoFixture(steward, '/hard/drag.html');
  });

  it('left_mouse_down, mouse_move, left_mouse_up drive a pointer-event slider', async () => {
    // The track spans x 100..500 at y 300..320.
    expect((await run('left_mouse_down', { target: at(200, 310) })).isError).toBe(false);
    await steward.fixtures.waitForEffect('pointerdown:trusted', 1);
    expect(await steward.page.$eval('#volume', (o) => o.textContent)).toBe('25');
    expect((await run('mouse_move', { target: at(400, 310) })).isError).toBe(false);
    expect(await steward.page.$eval('#volume', (o) => o.textContent)).toBe('75');
    expect((await run('left_mouse_up', { target: at(400, 310) })).isError).toBe(false);
    await steward.fixtures.waitForEffect('slider:75:trusted', 1);
  });

  it('left_click_drag moves the slider from one coordinate to another', async () => {
    const result = await run('left_click_drag', { from: at(110, 310), target: at(420, 310) });
    expect(result.isError).toBe(false);
    await steward.fixtures.waitForEffect('slider:80:trusted', 1);
    expect(await steward.page.$eval('#track', (t) => t.getAttribute('aria-valuenow'))).toBe('80');
  });

  it('left_click_drag performs an HTML5 drag and drop', async () => {
    const result = await run('left_click_drag', { from: at(100, 90), target: at(500, 120) });
    expect(result.isError).toBe(false);
    await steward.fixtures.waitForEffect('drop:Card A:trusted', 1);
    expect(await steward.page.$eval('#card', (card) => card.parentElement?.id)).toBe('dropzone');
  });
});
