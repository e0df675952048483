/**
 * `--precision fp16` (for `--target ort-cuda` and `web`): the emitted float32 model with float16 weights
 * and activations, float32 where float16 is unsafe, float32 at the model's inputs and outputs unless
 * `--fp16-io`. A step after emission, on the ONNX graph, like the ort-cpu layout step:
 * - float32 stays where the sums or exponentials need its range: LayerNormalization (its mean and
 *   variance), Softmax, and nodes that only compute on constants (the attention scale folded into the q
 *   weights, weight transposes: onnxruntime folds them at load, in float32, before one cast);
 * - a Cast joins the float16 and float32 parts wherever they meet; float32 initializers read in float16
 *   are stored as float16 (read in both: stored twice).
 * Every other float tensor is float16; integer tensors (shapes, axes, pads) are untouched.
 */
import { floatToHalf } from '../../../io/half-float.js';
import type { ExplainNote } from '../../passes/pass.js';
import type { NodeProvenance } from '../builder.js';
import { onnx, type IAttributeProto, type IModelProto, type INodeProto, type ITensorProto, type IValueInfoProto } from '../proto.js';

const DataType = onnx.TensorProto.DataType;
const AttributeType = onnx.AttributeProto.AttributeType;

/** The step's name in `--explain` notes. */
export const FP16_STEP = 'fp16';

/** Operators computed in float32 inside a float16 model, and why. */
const FLOAT32_OPS: Readonly<Record<string, string>> = {
  LayerNormalization: 'LayerNorm statistics (mean, variance) in float32',
  Softmax: 'softmax in float32 (its exponentials and sum overflow float16)',
};

export interface Fp16Options {
  /** Float16 model inputs and outputs (`--fp16-io`); default float32, cast at the boundary. */
  readonly io16?: boolean;
  readonly explain?: (note: ExplainNote) => void;
  /** ONNX node name -> the IR node it came from, for the notes. */
  readonly provenance?: ReadonlyMap<string, NodeProvenance>;
}

export function toFp16(model: IModelProto, options: Fp16Options = {}): IModelProto {
  const graph = model.graph ?? {};
  const nodes = graph.node ?? [];
  const initializers = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t] as const));
  const isFloatInit = (name: string) => initializers.get(name)?.dataType === DataType.FLOAT;
  const constant = constantNodes(nodes, new Set(initializers.keys()));
  const kept = (n: INodeProto) => FLOAT32_OPS[n.opType ?? ''] !== undefined || constant.has(n);
  const floatInputs = new Set((graph.input ?? []).filter((v) => v.type?.tensorType?.elemType === DataType.FLOAT).map((v) => v.name ?? ''));
  const floatOutputs = new Set((graph.output ?? []).filter((v) => v.type?.tensorType?.elemType === DataType.FLOAT).map((v) => v.name ?? ''));

  const out: INodeProto[] = [];
  const halves = new Map<string, string>();
  const casts = new Map<string, string>();
  const cast = (tensor: string, to: 'float16' | 'float32'): string => {
    const key = `${tensor}|${to}`;
    const known = casts.get(key);
    if (known) return known;
    const name = `${tensor}/${to}`;
    out.push({
      name: `${tensor}/cast_${to}`,
      opType: 'Cast',
      input: [tensor],
      output: [name],
      attribute: [{ name: 'to', type: AttributeType.INT, i: to === 'float16' ? DataType.FLOAT16 : DataType.FLOAT }],
    });
    casts.set(key, name);
    return name;
  };
  const half = (name: string): string => {
    const known = halves.get(name);
    if (known) return known;
    const converted = `${name}/fp16`;
    halves.set(name, converted);
    return converted;
  };
  // Tensors that are float32 in the result (everything float is float16 otherwise).
  const float32 = new Set<string>(options.io16 ? [] : floatInputs);
  for (const n of nodes) if (kept(n)) for (const o of n.output ?? []) float32.add(o);
  const floatTensor = (name: string) => isFloatInit(name) || floatInputs.has(name) || producedFloat.has(name);
  const producedFloat = floatProduced(nodes, floatInputs, isFloatInit);

  for (const n of nodes) {
    const keep = kept(n);
    const inputs = (n.input ?? []).map((name) => {
      if (name === '' || !floatTensor(name)) return name;
      if (isFloatInit(name)) return keep ? name : half(name);
      const is32 = float32.has(name);
      if (keep === is32) return name;
      return cast(name, keep ? 'float32' : 'float16');
    });
    out.push({ ...n, input: inputs, attribute: keep ? n.attribute : (n.attribute ?? []).map(castTo16) });
    if (keep && FLOAT32_OPS[n.opType ?? '']) note(options, n, FLOAT32_OPS[n.opType ?? ''] as string);
  }
  // Graph outputs keep their names and their declared type: a producer of the other type writes a renamed tensor, cast after it.
  const renamed = new Map<string, string>();
  for (const name of floatOutputs) if (float32.has(name) === Boolean(options.io16)) renamed.set(name, `${name}/before_cast`);
  const final = out.map((n) => ({ ...n, input: (n.input ?? []).map((i) => renamed.get(i) ?? i), output: (n.output ?? []).map((o) => renamed.get(o) ?? o) }));
  for (const [name, inner] of renamed) {
    const to = options.io16 ? DataType.FLOAT16 : DataType.FLOAT;
    final.push({ name: `${name}/cast`, opType: 'Cast', input: [inner], output: [name], attribute: [{ name: 'to', type: AttributeType.INT, i: to }] });
  }
  const tensors = [...(graph.initializer ?? []), ...[...halves].map(([from, to]) => halfTensor(initializers.get(from) as ITensorProto, to))];
  const used = new Set(final.flatMap((n) => n.input ?? []));
  const io16 = (v: IValueInfoProto) =>
    options.io16 && v.type?.tensorType?.elemType === DataType.FLOAT ? { ...v, type: { tensorType: { ...v.type.tensorType, elemType: DataType.FLOAT16 } } } : v;
  options.explain?.({
    pass: FP16_STEP,
    site: 'model',
    fired: true,
    reason: `float16 weights and activations; inputs and outputs ${options.io16 ? 'float16 (--fp16-io)' : 'float32, cast at the boundary'}`,
  });
  return {
    ...model,
    graph: {
      ...graph,
      // Each Cast was added just before the node that first reads it: still in topological order.
      node: final,
      initializer: tensors.filter((t) => used.has(t.name ?? '')),
      input: (graph.input ?? []).map(io16),
      output: (graph.output ?? []).map(io16),
      // Intermediate types changed: onnxruntime infers them again.
      valueInfo: [],
    },
  };
}

function note(options: Fp16Options, node: INodeProto, reason: string): void {
  const from = options.provenance?.get(node.name ?? '');
  options.explain?.({ pass: FP16_STEP, site: from?.name ?? node.name ?? '', fired: false, reason, ...(from ? { span: from.span } : {}) });
}

/** Nodes whose every input is an initializer or another such node's output (weights arithmetic). */
function constantNodes(nodes: readonly INodeProto[], initializers: ReadonlySet<string>): Set<INodeProto> {
  const known = new Set(initializers);
  const constant = new Set<INodeProto>();
  for (const n of nodes) {
    const inputs = (n.input ?? []).filter((i) => i !== '');
    if (inputs.length > 0 && inputs.every((i) => known.has(i))) {
      constant.add(n);
      for (const o of n.output ?? []) known.add(o);
    }
  }
  return constant;
}

/** Tensors that nodes produce as float (from float inputs, or a Cast to float). */
function floatProduced(nodes: readonly INodeProto[], floatInputs: ReadonlySet<string>, isFloatInit: (n: string) => boolean): Set<string> {
  const float = new Set(floatInputs);
  const integerOps = new Set(['Shape', 'Size', 'ArgMax', 'ArgMin', 'NonZero']);
  for (const n of nodes) {
    const op = n.opType ?? '';
    if (op === 'Cast') {
      const to = n.attribute?.find((a) => a.name === 'to')?.i;
      if (Number(to) === DataType.FLOAT) for (const o of n.output ?? []) float.add(o);
      continue;
    }
    if (op === 'QuantizeLinear' || integerOps.has(op)) continue;
    if ((n.input ?? []).some((i) => float.has(i) || isFloatInit(i)) || op === 'DequantizeLinear') for (const o of n.output ?? []) float.add(o);
  }
  return float;
}

/** A Cast to float32 inside the float16 part casts to float16. */
function castTo16(a: IAttributeProto): IAttributeProto {
  return a.name === 'to' && Number(a.i) === DataType.FLOAT ? { ...a, i: DataType.FLOAT16 } : a;
}

function halfTensor(t: ITensorProto, name: string): ITensorProto {
  const raw = t.rawData;
  const floats =
    raw && raw.length > 0 ? new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)) : Float32Array.from(t.floatData ?? []);
  const bits = new Uint16Array(floats.length);
  for (let i = 0; i < floats.length; i++) bits[i] = floatToHalf(floats[i] as number);
  return { name, dataType: DataType.FLOAT16, dims: t.dims ?? [], rawData: new Uint8Array(bits.buffer) };
}
