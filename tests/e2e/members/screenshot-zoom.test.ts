import type { Page } from 'puppeteer';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { gotoFixture, jpegSize, launchSteward, type MemberResult, runMember, type Steward } from '../harness';

let steward: Steward;
let decoder: Page;

beforeAll(async () => {
  steward = await launchSteward();
  decoder = await steward.browser.newPage();
  await steward.page.bringToFront();
  // The first member that attaches the debugger makes Chromium show its "is debugging this
  // browser" bar, which shrinks the real view under puppeteer's fixed viewport emulation; a person's
  // window has no emulation. Attach once here so every test sees the steady state.
  await gotoFixture(steward, '/hard/zoom.html');
  await runMember(steward, steward.page, 'screenshot');
});
afterAll(() => steward?.close());
beforeEach(async () => {
  await steward.page.setViewport({ width: 800, height: 600, deviceScaleFactor: 1 });
  await gotoFixture(steward, '/hard/zoom.html');
});

const run = (name: string, input: Record<string, unknown> = {}) => runMember(steward, steward.page, name, input);

function jpegOf(result: MemberResult): string {
  const image = result.content.find((block) => block.type === 'image');
  expect(image?.source?.media_type).toBe('image/jpeg');
  return image!.source!.data;
}

/** The colour at fractions (fx, fy) of a JPEG, decoded by Chromium. */
async function colours(data: string, points: Array<[number, number]>): Promise<Array<[number, number, number]>> {
  return decoder.evaluate(
    async (base64, at) => {
      const image = new Image();
      image.src = `data:image/jpeg;base64,${base64}`;
      await image.decode();
      const canvas = new OffscreenCanvas(image.naturalWidth, image.naturalHeight);
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      return at.map(([fx, fy]) => {
        const pixel = context.getImageData(Math.floor(fx * image.naturalWidth), Math.floor(fy * image.naturalHeight), 1, 1).data;
        return [pixel[0]!, pixel[1]!, pixel[2]!] as [number, number, number];
      });
    },
    data,
    points,
  );
}

const isRed = ([r, g, b]: [number, number, number]) => r > 200 && g < 60 && b < 60;
const isGreen = ([r, g, b]: [number, number, number]) => g > 200 && r < 60 && b < 60;
const isBlue = ([r, g, b]: [number, number, number]) => b > 200 && r < 60 && g < 60;

it('screenshot returns a JPEG of the viewport within 1568 px and 1.15 MP', async () => {
  const result = await run('screenshot');
  expect(result.isError).toBe(false);
  const data = jpegOf(result);
  const size = jpegSize(data);
  expect(Math.max(size.width, size.height)).toBeLessThanOrEqual(1568);
  expect(size.width * size.height).toBeLessThanOrEqual(1_150_000);
  expect(size.width / size.height).toBeCloseTo(800 / 600, 1);
  // The red square spans CSS x 100..300, y 100..300 of the 800x600 viewport.
  const [red, blue] = await colours(data, [[200 / 800, 200 / 600], [700 / 800, 500 / 600]]);
  expect(isRed(red!)).toBe(true);
  expect(isBlue(blue!)).toBe(true);
});

it('screenshot of a large high-density viewport is scaled within the limits', async () => {
  await steward.page.setViewport({ width: 1920, height: 1200, deviceScaleFactor: 2 });
  const size = jpegSize(jpegOf(await run('screenshot')));
  expect(Math.max(size.width, size.height)).toBeLessThanOrEqual(1568);
  expect(size.width * size.height).toBeLessThanOrEqual(1_150_000);
  expect(size.width / size.height).toBeCloseTo(1920 / 1200, 1);
});

it('zoom crops exactly the region and scales it up', async () => {
  const result = await run('zoom', { region: [100, 100, 300, 300] });
  expect(result.isError, result.text).toBe(false);
  const data = jpegOf(result);
  const size = jpegSize(data);
  expect(size.width).toBeGreaterThan(200);
  expect(Math.abs(size.width - size.height)).toBeLessThanOrEqual(2);
  expect(Math.max(size.width, size.height)).toBeLessThanOrEqual(1568);
  expect(size.width * size.height).toBeLessThanOrEqual(1_150_000);
  const samples = await colours(data, [[0.05, 0.05], [0.5, 0.5], [0.95, 0.95], [0.05, 0.95], [0.95, 0.05]]);
  expect(samples.every(isRed)).toBe(true);
});

it('zoom over two colours keeps their positions and the region aspect ratio', async () => {
  const result = await run('zoom', { region: [100, 100, 500, 300] });
  expect(result.isError, result.text).toBe(false);
  const data = jpegOf(result);
  const size = jpegSize(data);
  expect(size.width / size.height).toBeCloseTo(2, 1);
  expect(size.width).toBeGreaterThan(400);
  const [left, right] = await colours(data, [[0.25, 0.5], [0.75, 0.5]]);
  expect(isRed(left!)).toBe(true);
  expect(isGreen(right!)).toBe(true);
});

it('zoom refuses a region that is empty or inverted', async () => {
  expect((await run('zoom', { region: [300, 300, 100, 100] })).isError).toBe(true);
  expect((await run('zoom', { region: [10, 10, 10, 50] })).isError).toBe(true);
});
