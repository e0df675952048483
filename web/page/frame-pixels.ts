import { type FramePreprocessing, preprocessFrame } from '../../portable/frame.js';

/**
 * The current video frame as the model's [3, H, W] floats: drawn at its own size into a canvas, read back
 * as RGBA, and preprocessed by portable/frame.ts exactly as node preprocesses a decoded frame (Pillow's
 * resize, torchvision's crop), never by the browser's own scaling.
 */
export function framePixels(source: HTMLVideoElement, canvas: HTMLCanvasElement, p: FramePreprocessing, out: Float32Array): Float32Array {
  const width = source.videoWidth;
  const height = source.videoHeight;
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('the page cannot draw into a canvas');
  ctx.drawImage(source, 0, 0, width, height);
  return preprocessFrame({ width, height, channels: 4, data: ctx.getImageData(0, 0, width, height).data }, p, out);
}
