import { decodeGraph, encodeModel, type IModelProto } from '../proto.js';
import { emitTensor } from '../tensor.js';
import { emitValueInfo } from '../value-info.js';
import { ortOptimizedModel } from './ort-optimized.js';

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
  const graph = decodeGraph(await ortOptimizedModel(encodeModel(probeModel())));
  const conv = graph.node.find((n) => n.domain === NCHWC_DOMAIN && n.opType === 'Conv');
  const weight = conv && graph.initializer.find((t) => t.name === conv.input?.[1]);
  return Number(weight?.dims?.[0] ?? 0);
}

function probeModel(): IModelProto {
  return {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'nchwc_block_probe',
      input: [emitValueInfo('x', 'f32', [1, 32, 4, 4])],
      output: [emitValueInfo('y', 'f32', [1, 4, 4, 4])],
      initializer: [emitTensor('w', { dtype: 'float32', dims: [4, 32, 1, 1], data: new Float32Array(4 * 32).fill(0.5) })],
      node: [{ opType: 'Conv', input: ['x', 'w'], output: ['y'], name: 'probe' }],
    },
  };
}
