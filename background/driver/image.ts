/** Image work in the service worker, with OffscreenCanvas: no DOM needed. */

export function base64ToBlob(base64: string, type: string): Blob {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type });
}

async function blobToBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Re-encodes an image at exactly `width` x `height` as JPEG. */
export async function resizeJpeg(base64: string, mediaType: string, width: number, height: number, quality = 0.8): Promise<string> {
  const bitmap = await createImageBitmap(base64ToBlob(base64, mediaType), { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' });
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2D canvas in this worker.');
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return blobToBase64(await canvas.convertToBlob({ type: 'image/jpeg', quality }));
}

export async function imageSize(base64: string, mediaType: string): Promise<{ width: number; height: number }> {
  const bitmap = await createImageBitmap(base64ToBlob(base64, mediaType));
  const size = { width: bitmap.width, height: bitmap.height };
  bitmap.close();
  return size;
}

/** A small JPEG data URL for the timeline: long edge 320 px. */
export async function thumbnail(base64: string, mediaType: string): Promise<string> {
  const { width, height } = await imageSize(base64, mediaType);
  const scale = Math.min(1, 320 / Math.max(width, height));
  const data = await resizeJpeg(base64, mediaType, Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale)), 0.6);
  return `data:image/jpeg;base64,${data}`;
}


/** Outlines `box` (output pixels) on a JPEG, for the approval card's view of the target: a data URL. */
export async function outlineTarget(base64: string, box: { x: number; y: number; width: number; height: number }): Promise<string> {
  const bitmap = await createImageBitmap(base64ToBlob(base64, 'image/jpeg'));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2D canvas in this worker.');
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  context.lineWidth = 3;
  context.strokeStyle = '#d93025';
  context.strokeRect(box.x - 3, box.y - 3, box.width + 6, box.height + 6);
  return `data:image/jpeg;base64,${await blobToBase64(await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.75 }))}`;
}
