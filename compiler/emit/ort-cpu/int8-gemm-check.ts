import type { IGraphProto, INodeProto } from '../proto.js';
import { emitTensor } from '../tensor.js';
import { withZeroCheck } from './zero-check.js';

const PREFIX = 'vnet.int8_gemm_check';

/** The probe convolution: 16 input channels of 255 against weights of 127, so adjacent products sum past 32767. */
const CHANNELS = 16;
const X = 255;
const W = 127;
const Y_SCALE = 4000;

/** What every output of the probe convolution is when its integer sums are exact: round(16 * 255 * 127 / 4000) = 130. */
export function exactProbeOutput(): number {
  return Math.round((CHANNELS * X * W) / Y_SCALE);
}

/** The node whose failure names the problem (onnxruntime's error quotes it). */
export const GEMM_CHECK_NODE =
  "vnet: this int8 model stores its convolution weights with zero point -1 for onnxruntime's GEMM path, which is not exact on this CPU (its 16-bit partial sums saturate without VNNI or AMX); compile it again on this CPU";

/**
 * An int8 model whose dense convolutions have weight zero point -1 (compiler/quantize/rules.ts) runs on
 * onnxruntime's general GEMM path, chosen because it is faster and exact on the compiling CPU. On a CPU
 * without VNNI or AMX that path multiplies with 16-bit partial sums that saturate, and the model would
 * give other numbers without a word. This makes onnxruntime refuse it there: one QLinearConv on constant
 * data that saturates such sums (asymmetric weights, so it takes the same path), its smallest output
 * minus `expected - 1` used as the shape of a one-element Reshape: 1 where the sums are exact, a
 * negative size (an error naming GEMM_CHECK_NODE) where they are not. onnxruntime folds the constant
 * check once when it loads the model; the zero it sums to is added to the first output.
 */
export function withInt8GemmCheck(graph: IGraphProto, expected = exactProbeOutput()): IGraphProto {
  const name = (s: string) => `${PREFIX}.${s}`;
  const constants = [
    emitTensor(name('x'), { dtype: 'uint8', dims: [1, CHANNELS, 2, 2], data: new Uint8Array(CHANNELS * 4).fill(X) }),
    emitTensor(name('x_scale'), { dtype: 'float32', dims: [], data: Float32Array.of(1) }),
    emitTensor(name('x_zero_point'), { dtype: 'uint8', dims: [], data: Uint8Array.of(0) }),
    // Stored as q + zero point, as the model's weights are.
    emitTensor(name('w'), { dtype: 'int8', dims: [CHANNELS, CHANNELS, 1, 1], data: new Int8Array(CHANNELS * CHANNELS).fill(W - 1) }),
    emitTensor(name('w_scale'), { dtype: 'float32', dims: [], data: Float32Array.of(1) }),
    emitTensor(name('w_zero_point'), { dtype: 'int8', dims: [], data: Int8Array.of(-1) }),
    emitTensor(name('y_scale'), { dtype: 'float32', dims: [], data: Float32Array.of(Y_SCALE) }),
    emitTensor(name('y_zero_point'), { dtype: 'uint8', dims: [], data: Uint8Array.of(0) }),
    emitTensor(name('one_less'), { dtype: 'int64', dims: [1, 1, 1, 1], data: BigInt64Array.of(BigInt(expected - 1)) }),
    emitTensor(name('flat'), { dtype: 'int64', dims: [1], data: BigInt64Array.of(1n) }),
    emitTensor(name('zero'), { dtype: 'float32', dims: [1], data: new Float32Array(1) }),
  ];
  const out = (s: string) => `${PREFIX}/${s}`;
  const check: INodeProto[] = [
    {
      opType: 'QLinearConv',
      input: ['x', 'x_scale', 'x_zero_point', 'w', 'w_scale', 'w_zero_point', 'y_scale', 'y_zero_point'].map(name),
      output: [out('y')],
      name: out('conv'),
    },
    { opType: 'Cast', input: [out('y')], output: [out('y64')], name: out('cast'), attribute: [{ name: 'to', i: 7, type: 2 }] },
    { opType: 'ReduceMin', input: [out('y64')], output: [out('min')], name: out('min'), attribute: [{ name: 'keepdims', i: 1, type: 2 }] },
    { opType: 'Sub', input: [out('min'), name('one_less')], output: [out('size4d')], name: out('sub') },
    { opType: 'Reshape', input: [out('size4d'), name('flat')], output: [out('size')], name: out('size') },
    { opType: 'Reshape', input: [name('zero'), out('size')], output: [out('checked')], name: GEMM_CHECK_NODE },
    { opType: 'ReduceSum', input: [out('checked')], output: [out('sum')], name: out('sum'), attribute: [{ name: 'keepdims', i: 0, type: 2 }] },
  ];
  return withZeroCheck(graph, PREFIX, { label: 'int8_gemm_check', nodes: check, initializers: constants, zero: out('sum') });
}
