import { describe, expect, it } from 'vitest';
import { cropAround, MAX_IMAGE_LONG_EDGE, MAX_IMAGE_PIXELS, screenshotFrame, toCssPoint, toScreenshotPoint } from './geometry';

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

describe('cropAround', () => {
  const viewport = { width: 1280, height: 800 };
  it('centres the crop on the target', () => {
    expect(cropAround({ x: 600, y: 400, width: 80, height: 30 }, viewport, { width: 480, height: 270 })).toEqual({ x: 400, y: 280, width: 480, height: 270 });
  });
  it('moves the crop inside the viewport near an edge, without cutting it', () => {
    expect(cropAround({ x: 10, y: 780, width: 40, height: 16 }, viewport, { width: 480, height: 270 })).toEqual({ x: 0, y: 530, width: 480, height: 270 });
  });
  it('grows to hold a large target, but never beyond the viewport', () => {
    expect(cropAround({ x: 0, y: 0, width: 1000, height: 900 }, viewport, { width: 480, height: 270 })).toEqual({ x: 0, y: 0, width: 1032, height: 800 });
  });
});
