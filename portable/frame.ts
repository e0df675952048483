import type { Preprocess } from '../contract/preprocess.js';
import { centreCropBox, type Pixels, shorterSideSize } from './pixels.js';
import { resizeAndCrop } from './resize-crop.js';

/**
 * What one frame needs: the model's frame size, the resize of its shorter side (Pillow bilinear) before
 * the centre crop of height x width, and the contract's channel order, scale, mean and std.
 */
export type FramePreprocessing = Pick<Preprocess, 'order' | 'scale' | 'mean' | 'std'> & {
  readonly height: number;
  readonly width: number;
  readonly resizeShorter: number;
};

/**
 * One decoded frame to the model's [3, height, width] floats, as the papers' test code does it and as
 * node does it for `run --video` (runtime/video/clip.ts): shorter side resized (Pillow bilinear), centre
 * crop (torchvision's offsets), channel order, then `(v * scale - mean) / std` per channel.
 */
export function preprocessFrame(frame: Pixels, p: FramePreprocessing, out: Float32Array = new Float32Array(3 * p.height * p.width)): Float32Array {
  const size = shorterSideSize(frame.width, frame.height, p.resizeShorter);
  const rgb = resizeAndCrop(frame, size, centreCropBox(size, p.width, p.height));
  return normalise(rgb, p, out);
}

/** RGB bytes (H x W x 3) to [3, H, W] floats in the model's channel order: (v * scale - mean) / std. */
export function normalise(rgb: Uint8Array, p: FramePreprocessing, out: Float32Array): Float32Array {
  const plane = p.height * p.width;
  for (let c = 0; c < 3; c++) {
    const from = p.order === 'bgr' ? 2 - c : c;
    const mean = p.mean[c] as number;
    const std = p.std[c] as number;
    for (let i = 0; i < plane; i++) out[c * plane + i] = ((rgb[i * 3 + from] as number) * p.scale - mean) / std;
  }
  return out;
}
