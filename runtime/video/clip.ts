/**
 * One frame's preprocessing (after decoding), and the clip tensor the model takes, as the contract says:
 * resize of the shorter side (Pillow bilinear), centre crop (torchvision's offsets), colour order,
 * `x * scale`, `(x - mean) / std`, written at its place in `[1, T, 3, H, W]` or `[1, 3, T, H, W]`.
 */
import type { Preprocess } from '../../contract/preprocess.js';
import { centreCropBox, shorterSideSize } from '../../portable/pixels.js';
import { resizeAndCrop } from '../../portable/resize-crop.js';

/** A decoded frame: width * height * 3 bytes, rows top to bottom, RGB. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/**
 * Resize then centre crop, as the page does it (portable/): the `crop x crop` RGB24 pixels the model's
 * normalization starts from. Only the crop's pixels are resized (each output pixel depends only on its
 * own coefficients, so they are Pillow's).
 */
export function cropFrame(frame: RgbImage, p: Pick<Preprocess, 'resize' | 'crop'>): RgbImage {
  const size = shorterSideSize(frame.width, frame.height, p.resize);
  const data = resizeAndCrop({ ...frame, channels: 3 }, size, centreCropBox(size, p.crop, p.crop));
  return { width: p.crop, height: p.crop, data };
}

/** The float clip `[1, T, 3, H, W]` (NTCHW) or `[1, 3, T, H, W]` (NCTHW) built frame by frame. */
export class ClipTensor {
  readonly data: Float32Array;
  readonly dims: readonly number[];

  constructor(private readonly p: Preprocess) {
    const { frames: t, crop } = p;
    this.data = new Float32Array(t * 3 * crop * crop);
    this.dims = p.layout === 'NTCHW' ? [1, t, 3, crop, crop] : [1, 3, t, crop, crop];
  }

  /** Puts cropped frame `slot` (0..T-1) in place: channel c of the output is `order`'s channel c. */
  set(slot: number, cropped: RgbImage): void {
    const { crop, layout, order, scale, mean, std } = this.p;
    const plane = crop * crop;
    const t = this.p.frames;
    for (let c = 0; c < 3; c++) {
      const source = order === 'rgb' ? c : 2 - c;
      const base = layout === 'NTCHW' ? (slot * 3 + c) * plane : (c * t + slot) * plane;
      const m = mean[c]!;
      const s = std[c]!;
      for (let i = 0; i < plane; i++) this.data[base + i] = (cropped.data[i * 3 + source]! * scale - m) / s;
    }
  }
}

/** The uint8 clip `[1, T, H, W, 3]` (cropped frames, channels in `order`) for a `--uint8-input` model. */
export class Uint8Clip {
  readonly data: Uint8Array;
  readonly dims: readonly number[];

  constructor(private readonly p: Preprocess) {
    this.data = new Uint8Array(p.frames * p.crop * p.crop * 3);
    this.dims = [1, p.frames, p.crop, p.crop, 3];
  }

  set(slot: number, cropped: RgbImage): void {
    const n = this.p.crop * this.p.crop * 3;
    if (this.p.order === 'rgb') {
      this.data.set(cropped.data, slot * n);
      return;
    }
    for (let i = 0; i < n; i += 3) {
      this.data[slot * n + i] = cropped.data[i + 2]!;
      this.data[slot * n + i + 1] = cropped.data[i + 1]!;
      this.data[slot * n + i + 2] = cropped.data[i]!;
    }
  }
}
