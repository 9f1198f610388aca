import { applyPalette, GIFEncoder, quantize } from 'gifenc';
import type { RecordingFrame } from '../src/protocol/recording';
import { fitFrame } from './gif-layout';

/** The click marker: a red dot in a white ring, the same red in every frame. */
export const MARKER_RGB = [230, 0, 0] as const;
const MARKER_RADIUS = 7;
const CAPTION_HEIGHT = 28;
const FRAME_DELAY_MS = 1200;
const LAST_FRAME_DELAY_MS = 3000;

function jpegBlob(base64: string): Blob {
  return new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type: 'image/jpeg' });
}

/** Cuts a caption to the width of the frame, with an ellipsis. */
function fitText(context: OffscreenCanvasRenderingContext2D, text: string, width: number): string {
  if (context.measureText(text).width <= width) return text;
  let cut = text;
  while (cut.length > 1 && context.measureText(`${cut}…`).width > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/**
 * A task's recording as an animated GIF: each frame the screenshot, the point acted on marked, and
 * a caption bar below ("3/7 Clicked button "Place Order""). The GIF takes the first frame's size;
 * a frame of another size is fitted into it.
 */
export async function recordingToGif(frames: RecordingFrame[]): Promise<Blob> {
  const first = frames[0];
  if (!first) throw new Error('This task has no recorded frames.');
  const width = first.width;
  const shotHeight = first.height;
  const height = shotHeight + CAPTION_HEIGHT;
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('No 2D canvas here.');
  const gif = GIFEncoder();

  for (const [index, frame] of frames.entries()) {
    const bitmap = await createImageBitmap(jpegBlob(frame.jpeg));
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
    const fit = fitFrame(frame, { width, height: shotHeight });
    context.drawImage(bitmap, fit.x, fit.y, frame.width * fit.scale, frame.height * fit.scale);
    bitmap.close();

    if (frame.point) {
      const x = fit.x + frame.point.x * fit.scale;
      const y = fit.y + frame.point.y * fit.scale;
      context.beginPath();
      context.arc(x, y, MARKER_RADIUS + 3, 0, Math.PI * 2);
      context.fillStyle = '#ffffff';
      context.fill();
      context.beginPath();
      context.arc(x, y, MARKER_RADIUS, 0, Math.PI * 2);
      context.fillStyle = `rgb(${MARKER_RGB.join(',')})`;
      context.fill();
    }

    context.fillStyle = '#1a1a1a';
    context.fillRect(0, shotHeight, width, CAPTION_HEIGHT);
    context.fillStyle = '#ffffff';
    context.font = '14px system-ui, sans-serif';
    context.textBaseline = 'middle';
    context.fillText(fitText(context, `${index + 1}/${frames.length}  ${frame.caption}`, width - 16), 8, shotHeight + CAPTION_HEIGHT / 2);

    const { data } = context.getImageData(0, 0, width, height);
    const palette = quantize(data, 256);
    gif.writeFrame(applyPalette(data, palette), width, height, { palette, delay: index === frames.length - 1 ? LAST_FRAME_DELAY_MS : FRAME_DELAY_MS });
  }
  gif.finish();
  return new Blob([gif.bytes()], { type: 'image/gif' });
}
