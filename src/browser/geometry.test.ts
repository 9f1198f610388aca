import { expect, it } from 'vitest';
import { MAX_IMAGE_LONG_EDGE, MAX_IMAGE_PIXELS, screenshotFrame, toCssPoint, toScreenshotPoint } from './geometry';

it('keeps a small viewport at its own size', () => {
  expect(screenshotFrame({ width: 800, height: 600 })).toEqual({ width: 800, height: 600, scale: 1 });
});

it('scales a large viewport under both the long-edge and the pixel budget', () => {
  for (const css of [{ width: 1920, height: 1080 }, { width: 2560, height: 1440 }, { width: 1200, height: 4000 }]) {
    const frame = screenshotFrame(css);
    expect(Math.max(frame.width, frame.height)).toBeLessThanOrEqual(MAX_IMAGE_LONG_EDGE);
    expect(frame.width * frame.height).toBeLessThanOrEqual(MAX_IMAGE_PIXELS);
    expect(frame.width / frame.height).toBeCloseTo(css.width / css.height, 1);
  }
});

it('maps a screenshot point back to the same CSS point', () => {
  const css = { width: 1920, height: 1080 };
  const shot = toScreenshotPoint({ x: 960, y: 540 }, css);
  const back = toCssPoint(shot, css);
  expect(Math.abs(back.x - 960)).toBeLessThan(1.5);
  expect(Math.abs(back.y - 540)).toBeLessThan(1.5);
});
