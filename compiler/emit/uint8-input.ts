/**
 * `--uint8-input`: the model takes the cropped frames as they come out of a decoder, uint8
 * `[N, T, H, W, 3]` (channels in the contract's `order`), and does the rest of the preprocessing in the
 * graph: Cast, `* scale`, `- mean`, `/ std` (per channel, the last axis), Transpose to the clip layout.
 * The float input keeps its name as the Transpose's output, so the network's nodes are untouched.
 */
import type { Preprocess } from '../../contract/preprocess.js';
import { emitAttribute } from './attribute.js';
import type { IModelProto, INodeProto, IValueInfoProto } from './proto.js';
import { emitTensor } from './tensor.js';

const UINT8 = 2;

export function withUint8Input(model: IModelProto, p: Preprocess): IModelProto | string {
  const graph = model.graph;
  const input = graph?.input?.[0];
  const dims = input?.type?.tensorType?.shape?.dim;
  if (!graph || !input?.name || !dims || dims.length !== 5) return 'the model has no 5-D clip input';
  const name = input.name;
  const [n, a, , h, w] = dims;
  const t = p.layout === 'NTCHW' ? a : dims[2];
  const raw = `${name}_uint8`;
  const uint8Input: IValueInfoProto = {
    name: raw,
    type: { tensorType: { elemType: UINT8, shape: { dim: [n!, t!, h!, w!, { dimValue: 3 }] } } },
    docString: `uint8 [N, T, H, W, 3] cropped frames (${p.order}); scaled by ${p.scale}, normalized and laid out ${p.layout} in the graph`,
  };
  const constant = (suffix: string, values: readonly number[], shape: number[]) =>
    emitTensor(`${name}_${suffix}`, { dtype: 'float32', dims: shape, data: Float32Array.from(values) });
  const initializers = [constant('scale', [p.scale], []), constant('mean', p.mean, [3]), constant('std', p.std, [3])];
  const node = (opType: string, inputs: string[], output: string, attrs: INodeProto['attribute'] = []): INodeProto => ({
    name: `${name}_${opType.toLowerCase()}`,
    opType,
    input: inputs,
    output: [output],
    attribute: attrs,
    docString: 'preprocess (--uint8-input)',
  });
  const prefix: INodeProto[] = [
    node('Cast', [raw], `${name}_f32`, [emitAttribute('to', 1)]),
    node('Mul', [`${name}_f32`, `${name}_scale`], `${name}_scaled`),
    node('Sub', [`${name}_scaled`, `${name}_mean`], `${name}_centred`),
    node('Div', [`${name}_centred`, `${name}_std`], `${name}_nthwc`),
    node('Transpose', [`${name}_nthwc`], name, [emitAttribute('perm', p.layout === 'NTCHW' ? [0, 1, 4, 2, 3] : [0, 4, 1, 2, 3])]),
  ];
  return {
    ...model,
    graph: {
      ...graph,
      input: [uint8Input, ...graph.input!.slice(1)],
      initializer: [...initializers, ...(graph.initializer ?? [])],
      node: [...prefix, ...(graph.node ?? [])],
    },
  };
}
