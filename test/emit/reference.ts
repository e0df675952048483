/**
 * Plain-JS reference computations, written by index arithmetic and independently of the
 * lowerings, for comparing onnxruntime's results.
 */

/** TSM shift on [N*T, C, ...rest] with the official channel order. */
export function naiveShift(x: Float32Array, dims: readonly number[], frames: number, fold: number, direction: 'both' | 'past'): Float32Array {
  const [nt = 0, channels = 0] = dims;
  const inner = dims.slice(2).reduce((a, b) => a * b, 1);
  const out = new Float32Array(x.length);
  for (let b = 0; b < nt; b++) {
    const t = b % frames;
    for (let c = 0; c < channels; c++) {
      let source = b;
      if (direction === 'both' && c < fold) source = t + 1 < frames ? b + 1 : -1;
      else if (direction === 'both' && c < 2 * fold) source = t >= 1 ? b - 1 : -1;
      else if (direction === 'past' && c < fold) source = t >= 1 ? b - 1 : -1;
      for (let i = 0; i < inner; i++) {
        out[(b * channels + c) * inner + i] = source < 0 ? 0 : (x[(source * channels + c) * inner + i] as number);
      }
    }
  }
  return out;
}

export interface Conv2dSpec {
  readonly outChannels: number;
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  /** top, left, bottom, right (ONNX order). */
  readonly pads: readonly [number, number, number, number];
  readonly dilation: readonly [number, number];
  readonly groups: number;
}

/** Direct 2-D convolution on [B, C, H, W] with weight [O, C/groups, kh, kw]. */
export function naiveConv2d(
  x: Float32Array,
  [batch = 0, channels = 0, height = 0, width = 0]: readonly number[],
  weight: Float32Array,
  bias: Float32Array | undefined,
  spec: Conv2dSpec,
): { data: Float32Array; dims: number[] } {
  const [kh, kw] = spec.kernel;
  const [sh, sw] = spec.stride;
  const [pt, pl, pb, pr] = spec.pads;
  const [dh, dw] = spec.dilation;
  const oh = Math.floor((height + pt + pb - dh * (kh - 1) - 1) / sh) + 1;
  const ow = Math.floor((width + pl + pr - dw * (kw - 1) - 1) / sw) + 1;
  const cin = channels / spec.groups;
  const cout = spec.outChannels / spec.groups;
  const out = new Float32Array(batch * spec.outChannels * oh * ow);
  for (let b = 0; b < batch; b++)
    for (let o = 0; o < spec.outChannels; o++) {
      const g = Math.floor(o / cout);
      for (let y = 0; y < oh; y++)
        for (let xw = 0; xw < ow; xw++) {
          let acc = bias ? (bias[o] as number) : 0;
          for (let c = 0; c < cin; c++)
            for (let i = 0; i < kh; i++)
              for (let j = 0; j < kw; j++) {
                const iy = y * sh - pt + i * dh;
                const ix = xw * sw - pl + j * dw;
                if (iy < 0 || iy >= height || ix < 0 || ix >= width) continue;
                const xv = x[((b * channels + g * cin + c) * height + iy) * width + ix] as number;
                acc += xv * (weight[((o * cin + c) * kh + i) * kw + j] as number);
              }
          out[((b * spec.outChannels + o) * oh + y) * ow + xw] = acc;
        }
    }
  return { data: out, dims: [batch, spec.outChannels, oh, ow] };
}

/** y = x W^T + b over the last axis; W is [out, in]. */
export function naiveLinear(x: Float32Array, inFeatures: number, weight: Float32Array, bias: Float32Array | undefined): Float32Array {
  const rows = x.length / inFeatures;
  const outFeatures = weight.length / inFeatures;
  const out = new Float32Array(rows * outFeatures);
  for (let r = 0; r < rows; r++)
    for (let o = 0; o < outFeatures; o++) {
      let acc = bias ? (bias[o] as number) : 0;
      for (let i = 0; i < inFeatures; i++) acc += (x[r * inFeatures + i] as number) * (weight[o * inFeatures + i] as number);
      out[r * outFeatures + o] = acc;
    }
  return out;
}

/** Exact GELU with erf from a series/continued fraction accurate to ~1e-7. */
export function naiveGelu(v: number): number {
  return 0.5 * v * (1 + erf(v / Math.SQRT2));
}

/** erf by Abramowitz-Stegun 7.1.26 is too coarse (1.5e-7 abs is fine for 1e-5 tolerance). */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  // Taylor series for small |x|, continued fraction tail otherwise: plenty for |x| <= 6.
  if (a < 2.5) {
    let sum = a;
    let term = a;
    for (let n = 1; n < 60; n++) {
      term *= (-a * a) / n;
      sum += term / (2 * n + 1);
    }
    return (sign * 2 * sum) / Math.sqrt(Math.PI);
  }
  let f = 0;
  for (let n = 60; n >= 1; n--) f = n / 2 / (a + f);
  return sign * (1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / (a + f));
}

/** Mean over frames: [N*T, ...] -> [N, ...]. */
export function naiveConsensus(x: Float32Array, frames: number, perFrame: number): Float32Array {
  const clips = x.length / (frames * perFrame);
  const out = new Float32Array(clips * perFrame);
  for (let n = 0; n < clips; n++)
    for (let i = 0; i < perFrame; i++) {
      let s = 0;
      for (let t = 0; t < frames; t++) s += x[(n * frames + t) * perFrame + i] as number;
      out[n * perFrame + i] = s / frames;
    }
  return out;
}
