/**
 * What the Triton export needs from an ONNX model: its graph inputs and outputs (name, element type,
 * dims) and its metadata. Decoded with onnx-proto; weights stay as they are (the model's bytes are
 * copied into the repository unchanged unless state names must change).
 */
import onnxProto from 'onnx-proto';

export const onnx = onnxProto.onnx;
export type OnnxModel = onnxProto.onnx.ModelProto;

/** A graph input or output. A dim is a number, a symbol (`N`), or undefined when the model leaves it open. */
export interface TensorSpec {
  readonly name: string;
  readonly elemType: number;
  readonly dims: readonly (number | string | undefined)[];
}

export interface ModelIO {
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  readonly metadata: ReadonlyMap<string, string>;
}

/** Decodes model bytes; the error is one line saying why they are not a model. */
export function decodeOnnx(bytes: Uint8Array): { ok: true; model: OnnxModel } | { ok: false; error: string } {
  try {
    const model = onnx.ModelProto.decode(bytes);
    if (!model.graph) return { ok: false, error: 'it has no graph (is it an ONNX model?)' };
    return { ok: true, model };
  } catch (error) {
    return { ok: false, error: `it is not an ONNX model (${(error instanceof Error ? error.message : String(error)).split('\n')[0]})` };
  }
}

export function modelIO(model: OnnxModel): ModelIO {
  const graph = model.graph;
  const initializers = new Set((graph?.initializer ?? []).map((t) => t.name));
  return {
    // Old models list initializers among the inputs; those are weights, not requests.
    inputs: (graph?.input ?? []).filter((v) => !initializers.has(v.name)).map(spec),
    outputs: (graph?.output ?? []).map(spec),
    metadata: new Map((model.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? ''])),
  };
}

function spec(info: onnxProto.onnx.IValueInfoProto): TensorSpec {
  const tensor = info.type?.tensorType;
  const dims = (tensor?.shape?.dim ?? []).map((d) => {
    if (d.dimParam) return d.dimParam;
    // Decoding fills an absent dim_value with 0: a dimension of 0 elements counts as unknown here.
    const value = Number(d.dimValue ?? 0);
    return value > 0 ? value : undefined;
  });
  return { name: info.name ?? '', elemType: Number(tensor?.elemType ?? 0), dims };
}
