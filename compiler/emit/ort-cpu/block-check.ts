import type { IGraphProto, INodeProto } from '../proto.js';
import { emitTensor } from '../tensor.js';
import { NCHWC_DOMAIN } from '../../../ort/nchwc-block.js';
import { withZeroCheck } from './zero-check.js';

const PREFIX = 'vnet.nchwc_block_check';

/**
 * A blocked model read on a CPU with other NCHWc blocks would give wrong numbers without a word.
 * This makes onnxruntime itself refuse it there: a 4-channel zero tensor is reordered into the
 * blocked layout (onnxruntime pads its channels to one block of this CPU) and reshaped to one block
 * of the CPU the model was made for, which fails elsewhere with an error that names the node, and
 * the node's name says what to do. The zero sum is added to the first output (x + 0 is x).
 */
export function withBlockCheck(graph: IGraphProto, block: number): IGraphProto {
  const zeros = emitTensor(`${PREFIX}.zeros`, { dtype: 'float32', dims: [1, 4, 1, 1], data: new Float32Array(4) });
  const shape = emitTensor(`${PREFIX}.shape`, { dtype: 'int64', dims: [1], data: BigInt64Array.of(BigInt(block)) });
  const nodes: INodeProto[] = [
    {
      opType: 'ReorderInput',
      domain: NCHWC_DOMAIN,
      input: [zeros.name as string],
      output: [`${PREFIX}/blocked`],
      name: `${PREFIX}/reorder`,
      attribute: [{ name: 'channels_last', i: 0, type: 2 }],
    },
    {
      opType: 'Reshape',
      input: [`${PREFIX}/blocked`, shape.name as string],
      output: [`${PREFIX}/flat`],
      name: `vnet: this model is laid out for onnxruntime CPUs with NCHWc blocks of ${block} channels; compile it again on this CPU, or with --cpu-layout plain`,
    },
    { opType: 'ReduceSum', input: [`${PREFIX}/flat`], output: [`${PREFIX}/zero`], name: `${PREFIX}/sum`, attribute: [{ name: 'keepdims', i: 0, type: 2 }] },
  ];
  return withZeroCheck(graph, PREFIX, { label: 'block_check', nodes, initializers: [zeros, shape], zero: `${PREFIX}/zero` });
}
