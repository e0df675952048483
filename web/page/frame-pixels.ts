import type { Preprocessing } from './preprocessing.js';

/**
 * Draws a video (or image) into a canvas the size of the model's frame: shorter side resized to
 * `resizeShorter`, centre crop; returns the frame as float32 [3, H, W], normalised.
 */
export function framePixels(source: HTMLVideoElement, canvas: HTMLCanvasElement, p: Preprocessing, out: Float32Array): Float32Array {
  const sw = source.videoWidth;
  const sh = source.videoHeight;
  const resize = p.resizeShorter / Math.min(sw, sh);
  // The crop in the source's pixels: the model's frame at the resized scale, centred.
  const cw = p.width / resize;
  const ch = p.height / resize;
  canvas.width = p.width;
  canvas.height = p.height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('the page cannot draw into a canvas');
  ctx.drawImage(source, (sw - cw) / 2, (sh - ch) / 2, cw, ch, 0, 0, p.width, p.height);
  return normalise(ctx.getImageData(0, 0, p.width, p.height).data, p, out);
}

/** RGBA bytes (H x W x 4) to [3, H, W] floats in the model's channel order: (v * scale - mean) / std. */
export function normalise(rgba: Uint8ClampedArray, p: Preprocessing, out: Float32Array): Float32Array {
  const plane = p.height * p.width;
  for (let c = 0; c < 3; c++) {
    const from = p.order === 'bgr' ? 2 - c : c;
    const scale = p.scale / (p.std[c] as number);
    const shift = (p.mean[c] as number) / (p.std[c] as number);
    for (let i = 0; i < plane; i++) out[c * plane + i] = (rgba[i * 4 + from] as number) * scale - shift;
  }
  return out;
}
