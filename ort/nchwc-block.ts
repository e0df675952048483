import onnxProto from 'onnx-proto';
import { optimizeOffline } from './optimize-offline.js';

const { onnx } = onnxProto;

/** Where onnxruntime's blocked convolutions live in a saved, optimized model. */
export const NCHWC_DOMAIN = 'com.microsoft.nchwc';

let cached: Promise<number> | undefined;

/**
 * The channel block of onnxruntime's NCHWc convolutions on this CPU (16 with AVX-512, 8 with AVX2),
 * or 0 when onnxruntime does not use that layout here. Measured, not guessed: a 4-channel 1x1 conv is
 * optimized by onnxruntime, and its blocked weight comes back padded to one block of output channels.
 */
export function nchwcBlockSize(): Promise<number> {
  cached ??= probe();
  return cached;
}

async function probe(): Promise<number> {
  const optimized = onnx.ModelProto.decode(await optimizeOffline(onnx.ModelProto.encode(probeModel()).finish()));
  const conv = optimized.graph?.node?.find((n) => n.domain === NCHWC_DOMAIN && n.opType === 'Conv');
  const weight = conv && optimized.graph?.initializer?.find((t) => t.name === conv.input?.[1]);
  return Number(weight?.dims?.[0] ?? 0);
}

/** y[1, 4, 4, 4] = Conv(x[1, 32, 4, 4], w[4, 32, 1, 1]), in float32 with 0.5 weights. */
function probeModel(): onnxProto.onnx.IModelProto {
  const float = onnx.TensorProto.DataType.FLOAT;
  const valueInfo = (name: string, dims: number[]): onnxProto.onnx.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: float, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
  });
  const weights = new Float32Array(4 * 32).fill(0.5);
  return {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'nchwc_block_probe',
      input: [valueInfo('x', [1, 32, 4, 4])],
      output: [valueInfo('y', [1, 4, 4, 4])],
      initializer: [{ name: 'w', dataType: float, dims: [4, 32, 1, 1], floatData: Array.from(weights) }],
      node: [{ opType: 'Conv', input: ['x', 'w'], output: ['y'], name: 'probe' }],
    },
  };
}
