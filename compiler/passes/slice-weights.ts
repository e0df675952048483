/**
 * Channel slices of parameter data, as pure functions: channel-split uses them to give each channel
 * group its own rows (axis 0: output channels) or columns (axis 1: input channels) of a weight.
 */
import type { IRParam } from '../ir/graph.js';

export interface ChannelSlice {
  readonly start: number;
  readonly end: number;
}

/** The name of a parameter's slice: `conv.weight[0:32]` (axis 0) or `conv.weight[:,0:32]` (axis 1). */
export function slicedParamName(param: IRParam, axis: 0 | 1, r: ChannelSlice): string {
  return axis === 0 ? `${param.name}[${r.start}:${r.end}]` : `${param.name}[:,${r.start}:${r.end}]`;
}

/** The parameter restricted to channels [start, end) of `axis` (its shape; the name of its slice). */
export function slicedParam(param: IRParam, axis: 0 | 1, r: ChannelSlice): IRParam {
  const shape = [...param.shape];
  shape[axis] = r.end - r.start;
  return { ...param, name: slicedParamName(param, axis, r), shape };
}

/** The values of `data` (row-major, of `shape`) for channels [start, end) of `axis`, copied. */
export function sliceWeightData(data: Float32Array, shape: readonly number[], axis: 0 | 1, r: ChannelSlice): Float32Array {
  const outer = axis === 0 ? 1 : (shape[0] as number);
  const along = shape[axis] as number;
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const width = r.end - r.start;
  const out = new Float32Array(outer * width * inner);
  for (let o = 0; o < outer; o++) {
    const from = (o * along + r.start) * inner;
    out.set(data.subarray(from, from + width * inner), o * width * inner);
  }
  return out;
}
