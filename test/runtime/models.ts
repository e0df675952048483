import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** Tiny ONNX models built in the test itself, so the runtime tests need no Python or fixtures. */
export type Dims = readonly (number | string)[];

const FLOAT = onnx.TensorProto.DataType.FLOAT;

export function valueInfo(name: string, dims: Dims, elemType: number = FLOAT): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export function node(opType: string, inputs: string[], outputs: string[]): onnxProto.onnx.INodeProto {
  return { opType, input: inputs, output: outputs, name: `${opType}_${outputs[0] ?? ''}` };
}

export interface ModelSpec {
  readonly inputs: onnxProto.onnx.IValueInfoProto[];
  readonly outputs: onnxProto.onnx.IValueInfoProto[];
  readonly nodes: onnxProto.onnx.INodeProto[];
  readonly metadata?: Record<string, string>;
}

export function buildModel(spec: ModelSpec): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'vnet-test',
    opsetImport: [{ domain: '', version: 17 }],
    graph: { name: 'test', node: spec.nodes, input: spec.inputs, output: spec.outputs },
    metadataProps: Object.entries(spec.metadata ?? {}).map(([key, value]) => ({ key, value })),
  });
  return onnx.ModelProto.encode(model).finish();
}

/** y = x over [N, classes]: the scores are whatever the input says, so top-k is easy to predict. */
export function identityClassifier(classes: number, extra: Dims = []): Uint8Array {
  return buildModel({
    inputs: [valueInfo('clip', ['N', ...extra, classes])],
    outputs: [valueInfo('logits', ['N', ...extra, classes])],
    nodes: [node('Identity', ['clip'], ['logits'])],
  });
}

/**
 * An online model over 3-wide frames with two caches:
 *   shift:  newshift = frame          (the previous frame)
 *   total:  newtotal = total + frame  (a running sum)
 *   logits = frame + shift + total
 * Outputs are listed as [logits, newtotal, newshift], so pairing by order would be wrong
 * and only the metadata pairs them right (unless `metadata` is false and the order is fixed).
 */
export function onlineModel(options: { metadata: boolean }): Uint8Array {
  const inputs = [valueInfo('frame', [1, 3]), valueInfo('shift', [1, 3]), valueInfo('total', [1, 3])];
  const nodes = [
    node('Identity', ['frame'], ['newshift']),
    node('Add', ['total', 'frame'], ['newtotal']),
    node('Add', ['frame', 'shift'], ['partial']),
    node('Add', ['partial', 'total'], ['logits']),
  ];
  if (!options.metadata) {
    return buildModel({
      inputs,
      outputs: [valueInfo('logits', [1, 3]), valueInfo('newshift', [1, 3]), valueInfo('newtotal', [1, 3])],
      nodes,
    });
  }
  return buildModel({
    inputs,
    outputs: [valueInfo('logits', [1, 3]), valueInfo('newtotal', [1, 3]), valueInfo('newshift', [1, 3])],
    nodes,
    metadata: {
      'vnet.online.caches': JSON.stringify([
        { input: 'shift', output: 'newshift' },
        { input: 'total', output: 'newtotal' },
      ]),
    },
  });
}
