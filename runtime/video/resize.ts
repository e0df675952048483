/**
 * Bilinear resize of an RGB24 image exactly as Pillow's `Image.resize(size, BILINEAR)` computes it (the
 * resize torchvision's `Resize` / TSM's `GroupScale` apply to PIL images): a triangle filter widened by
 * the scale factor when shrinking (antialiasing), coefficients in 22-bit fixed point, the horizontal pass
 * first into an 8-bit image, then the vertical pass, each rounded and clipped to 0..255.
 */
const PRECISION_BITS = 32 - 8 - 2;
const HALF = 1 << (PRECISION_BITS - 1);
const ONE = 1 << PRECISION_BITS;

export interface RgbImage {
  readonly width: number;
  readonly height: number;
  /** width * height * 3 bytes, rows top to bottom, RGB. */
  readonly data: Uint8Array;
}

interface Coefficients {
  /** Per output pixel: first input pixel and number of taps. */
  readonly first: Int32Array;
  readonly taps: Int32Array;
  /** ksize fixed-point weights per output pixel. */
  readonly weights: Int32Array;
  readonly ksize: number;
}

function coefficients(inSize: number, outSize: number): Coefficients {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = 1.0 * filterScale;
  const ksize = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(outSize);
  const taps = new Int32Array(outSize);
  const weights = new Int32Array(outSize * ksize);
  const k = new Float64Array(ksize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const ss = 1.0 / filterScale;
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      const w = triangle((x + xmin - center + 0.5) * ss);
      k[x] = w;
      ww += w;
    }
    for (let x = 0; x < ksize; x++) {
      const w = x < xmax && ww !== 0 ? k[x]! / ww : 0;
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

export function resizeBilinear(image: RgbImage, width: number, height: number): RgbImage {
  let current = image;
  // Pillow only runs a pass when that axis changes size.
  if (width !== image.width) current = horizontal(current, width);
  if (height !== image.height) current = vertical(current, height);
  return current;
}

function horizontal(src: RgbImage, width: number): RgbImage {
  const c = coefficients(src.width, width);
  const out = new Uint8Array(width * src.height * 3);
  const input = src.data;
  for (let y = 0; y < src.height; y++) {
    const row = y * src.width * 3;
    for (let xx = 0; xx < width; xx++) {
      const xmin = c.first[xx]!;
      const n = c.taps[xx]!;
      const base = xx * c.ksize;
      let r = HALF;
      let g = HALF;
      let b = HALF;
      for (let x = 0; x < n; x++) {
        const w = c.weights[base + x]!;
        const p = row + (xmin + x) * 3;
        r += input[p]! * w;
        g += input[p + 1]! * w;
        b += input[p + 2]! * w;
      }
      const o = (y * width + xx) * 3;
      out[o] = clip8(r);
      out[o + 1] = clip8(g);
      out[o + 2] = clip8(b);
    }
  }
  return { width, height: src.height, data: out };
}

function vertical(src: RgbImage, height: number): RgbImage {
  const c = coefficients(src.height, height);
  const stride = src.width * 3;
  const out = new Uint8Array(stride * height);
  const input = src.data;
  for (let yy = 0; yy < height; yy++) {
    const ymin = c.first[yy]!;
    const n = c.taps[yy]!;
    const base = yy * c.ksize;
    for (let i = 0; i < stride; i++) {
      let s = HALF;
      for (let y = 0; y < n; y++) s += input[(ymin + y) * stride + i]! * c.weights[base + y]!;
      out[yy * stride + i] = clip8(s);
    }
  }
  return { width: src.width, height, data: out };
}

/** torchvision's size for `Resize(size)` with an int: the shorter side becomes `size`, the longer `int(size * long / short)`. */
export function shorterSideSize(width: number, height: number, size: number): { width: number; height: number } {
  if (width <= height) return { width: size, height: Math.trunc((size * height) / width) };
  return { width: Math.trunc((size * width) / height), height: size };
}
