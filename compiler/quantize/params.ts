/**
 * The integer arithmetic of the int8 model, as onnxruntime's QDQ kernels expect it: activations uint8
 * with a scale and zero point per tensor (x = scale * (q - zero_point)), weights int8 symmetric with a
 * scale per output channel (zero point 0, values in [-127, 127]), biases int32 with scale
 * input_scale * weight_scale (so the int32 accumulator adds them without rescaling).
 */
import type { QuantParams } from '../ir/graph.js';
import type { Range } from './ranges.js';

/** uint8 parameters of an activation range; the range is widened to hold 0, which is then exact (the zero point). */
export function activationParams(range: Range): QuantParams {
  const lo = Math.min(0, range.lo);
  const hi = Math.max(0, range.hi);
  if (!(hi > lo)) return { scale: 1, zeroPoint: 0 };
  const scale = Math.fround((hi - lo) / 255);
  const zeroPoint = Math.min(255, Math.max(0, Math.round(-lo / scale)));
  return { scale, zeroPoint };
}

/** The quantized form of a weight [out, ...]: int8 values (held as floats) and one scale per output channel. */
export interface QuantizedWeight {
  readonly values: Float32Array;
  readonly scales: Float32Array;
}

export function quantizeWeight(data: Float32Array, outChannels: number): QuantizedWeight {
  const per = data.length / outChannels;
  const values = new Float32Array(data.length);
  const scales = new Float32Array(outChannels);
  for (let o = 0; o < outChannels; o++) {
    let max = 0;
    for (let i = o * per; i < (o + 1) * per; i++) max = Math.max(max, Math.abs(data[i] as number));
    // An all-zero channel keeps scale 1: its int8 values are 0 whatever the scale.
    const scale = max > 0 ? Math.fround(max / 127) : 1;
    scales[o] = scale;
    for (let i = o * per; i < (o + 1) * per; i++) values[i] = clamp(Math.round((data[i] as number) / scale), -127, 127);
  }
  return { values, scales };
}

/** int32 bias values (held as floats) and their scales: input scale times each channel's weight scale. */
export function quantizeBias(bias: Float32Array, inputScale: number, weightScales: Float32Array): QuantizedWeight {
  const scales = weightScales.map((s) => Math.fround(inputScale * s));
  const values = bias.map((b, o) => clamp(Math.round(b / (scales[o] as number)), -(2 ** 31), 2 ** 31 - 1));
  return { values, scales };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
