import type { Box, Pixels } from './pixels.js';

/**
 * Bilinear resize exactly as Pillow's `Image.resize(size, BILINEAR)` computes it (the resize
 * torchvision's `Resize` and TSM's `GroupScale` apply to PIL images): a triangle filter widened by the
 * scale when shrinking (antialiasing), coefficients in 22-bit fixed point, the horizontal pass first into
 * 8-bit values, then the vertical pass, each rounded and clipped to 0..255; a pass runs only when its
 * axis changes size. Only the pixels inside `box` are computed (each output pixel depends only on its own
 * coefficients, so the values are Pillow's), and returned as RGB bytes; outside the image they are 0.
 */
const PRECISION_BITS = 32 - 8 - 2;
const HALF = 1 << (PRECISION_BITS - 1);
const ONE = 1 << PRECISION_BITS;

interface Coefficients {
  /** Per output pixel: the first input pixel and the number of taps. */
  readonly first: Int32Array;
  readonly taps: Int32Array;
  /** `ksize` fixed-point weights per output pixel. */
  readonly weights: Int32Array;
  readonly ksize: number;
}

export function resizeAndCrop(src: Pixels, size: { width: number; height: number }, box: Box): Uint8Array {
  const h = size.width !== src.width ? coefficients(src.width, size.width) : undefined;
  const v = size.height !== src.height ? coefficients(src.height, size.height) : undefined;
  // The box's rows and columns that fall inside the resized image.
  const x0 = Math.max(0, box.left);
  const x1 = Math.min(size.width, box.left + box.width);
  const y0 = Math.max(0, box.top);
  const y1 = Math.min(size.height, box.top + box.height);
  const out = new Uint8Array(box.width * box.height * 3);
  if (x1 <= x0 || y1 <= y0) return out;
  // The input rows the vertical pass reads for the box's rows.
  const r0 = v ? (v.first[y0] as number) : y0;
  const r1 = v ? Math.max(...Array.from({ length: y1 - y0 }, (_, i) => (v.first[y0 + i] as number) + (v.taps[y0 + i] as number))) : y1;
  const cols = x1 - x0;
  const rows = horizontal(src, h, x0, cols, r0, r1);
  for (let y = y0; y < y1; y++) {
    const target = ((y - box.top) * box.width + (x0 - box.left)) * 3;
    if (!v) {
      out.set(rows.subarray((y - r0) * cols * 3, (y - r0 + 1) * cols * 3), target);
      continue;
    }
    const first = v.first[y] as number;
    const taps = v.taps[y] as number;
    const base = y * v.ksize;
    for (let i = 0; i < cols * 3; i++) {
      let s = HALF;
      for (let t = 0; t < taps; t++) s += (rows[(first - r0 + t) * cols * 3 + i] as number) * (v.weights[base + t] as number);
      out[target + i] = clip8(s);
    }
  }
  return out;
}

/** Input rows r0..r1 resized horizontally (or copied, when the width stays), only output columns x0..x0+cols: RGB bytes. */
function horizontal(src: Pixels, h: Coefficients | undefined, x0: number, cols: number, r0: number, r1: number): Uint8Array {
  const out = new Uint8Array((r1 - r0) * cols * 3);
  const stride = src.width * src.channels;
  const input = src.data;
  for (let y = r0; y < r1; y++) {
    const row = y * stride;
    for (let c = 0; c < cols; c++) {
      const o = ((y - r0) * cols + c) * 3;
      const xx = x0 + c;
      if (!h) {
        const p = row + xx * src.channels;
        out[o] = input[p] as number;
        out[o + 1] = input[p + 1] as number;
        out[o + 2] = input[p + 2] as number;
        continue;
      }
      const first = h.first[xx] as number;
      const taps = h.taps[xx] as number;
      const base = xx * h.ksize;
      let r = HALF;
      let g = HALF;
      let b = HALF;
      for (let t = 0; t < taps; t++) {
        const w = h.weights[base + t] as number;
        const p = row + (first + t) * src.channels;
        r += (input[p] as number) * w;
        g += (input[p + 1] as number) * w;
        b += (input[p + 2] as number) * w;
      }
      out[o] = clip8(r);
      out[o + 1] = clip8(g);
      out[o + 2] = clip8(b);
    }
  }
  return out;
}

/** Pillow's `precompute_coeffs` for the bilinear (triangle) filter. */
function coefficients(inSize: number, outSize: number): Coefficients {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filterScale;
  const ksize = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(outSize);
  const taps = new Int32Array(outSize);
  const weights = new Int32Array(outSize * ksize);
  const k = new Float64Array(ksize);
  // As Pillow: multiplied by the reciprocal (dividing would round differently).
  const ss = 1.0 / filterScale;
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      const w = triangle((x + xmin - center + 0.5) * ss);
      k[x] = w;
      ww += w;
    }
    for (let x = 0; x < ksize; x++) {
      const w = x < xmax && ww !== 0 ? (k[x] as number) / ww : 0;
      weights[xx * ksize + x] = w < 0 ? Math.trunc(-0.5 + w * ONE) : Math.trunc(0.5 + w * ONE);
    }
    first[xx] = xmin;
    taps[xx] = xmax;
  }
  return { first, taps, weights, ksize };
}

function triangle(x: number): number {
  const a = Math.abs(x);
  return a < 1 ? 1 - a : 0;
}

function clip8(v: number): number {
  const r = v >> PRECISION_BITS;
  return r < 0 ? 0 : r > 255 ? 255 : r;
}
