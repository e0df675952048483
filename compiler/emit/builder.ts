import { formatLocation, type Span } from '../../base/span.js';
import type { IRGraph, IRNode, IRParam, IRValue, OpName, QuantParams } from '../ir/graph.js';
import { runsOnUint8 } from './lower/uint8.js';
import { timeFact } from '../ir/ops/op-facts.js';
import type { TimeFact } from '../ir/ops/schema.js';
import type { EmitNodeOptions, LowerContext, OnnxAttr, OnnxTensor, Target } from './lower/context.js';
import { NameTable } from './names.js';
import type { PendingNode } from './node.js';

/** The largest constant a lowering may add; anything bigger is activation-sized data in disguise. */
const MAX_CONSTANT_ELEMENTS = 1 << 16;

/**
 * Collects the ONNX nodes, parameters and constants of one graph while the per-op lowerings run.
 * It is the LowerContext every lowering sees. ONNX tensor names are the IR value ids: after a
 * lowering returns, the tensors it produced for the IR node's outputs are renamed to those ids
 * (or, when a lowering returns a name it did not produce, the id becomes an alias of that name).
 */
/** Which IR node an ONNX node was lowered from, so steps after emission find ops by what they are, not by name. */
export interface NodeProvenance {
  readonly op: OpName;
  /** The IR node's name (`layer1.0.shift[0:32]`). */
  readonly name: string;
  /** Its time fact's kind (ir/ops/schema.ts): `moves-frames` marks the time shifts. */
  readonly time: TimeFact['kind'] | undefined;
  readonly span: Span;
}

export class GraphBuilder implements LowerContext {
  readonly nodes: PendingNode[] = [];
  /** ONNX node name -> the IR node it came from. */
  readonly provenance = new Map<string, NodeProvenance>();
  /** Parameters by initializer name, in first-use order. */
  readonly params = new Map<string, IRParam>();
  /** Small constant initializers by name. */
  readonly constants = new Map<string, OnnxTensor>();
  /** Operator domains other than the default one, with the version used. */
  readonly domains = new Map<string, number>();
  private readonly tensorNames = new NameTable();
  private readonly nodeNames = new NameTable();
  private readonly aliases = new Map<string, string>();
  /** IR value id -> its ONNX tensor name: the id itself, unless a parameter has that name. */
  private readonly tensorOf = new Map<string, string>();
  private readonly valueTensors = new Set<string>();
  private readonly constantByContent = new Map<string, string>();
  private readonly producedNames = new Set<string>();
  private readonly renamed = new Map<string, string>();
  /** int8 models: the uint8 tensor of each quantized value once it exists, and its dequantized float tensor. */
  private readonly uint8Of = new Map<string, string>();
  private readonly floatOf = new Map<string, string>();
  /** Values a lowering quantized itself and returned as uint8 (storeQuantized). */
  private readonly storedUint8 = new Set<string>();
  private current: IRNode | undefined;

  constructor(
    readonly graph: IRGraph,
    readonly target: Target,
    readonly opset: number,
  ) {
    // Parameters keep their checkpoint names; a value whose id is a parameter's name (the output
    // of `cls_token` next to the parameter `cls_token`) is renamed instead.
    const paramNames = new Set(graph.nodes.flatMap((n) => Object.values(n.params).map((p) => p.name)));
    const boundary = new Set([...graph.inputs, ...graph.outputs]);
    for (const id of Object.keys(graph.values)) if (!paramNames.has(id) || boundary.has(id)) this.tensorNames.reserve(id);
    for (const id of Object.keys(graph.values)) {
      const name = paramNames.has(id) && !boundary.has(id) ? this.tensorNames.fresh(`${id}/value`) : id;
      this.tensorOf.set(id, name);
      this.valueTensors.add(name);
    }
    // An int8 online model's caches come in as uint8 already.
    for (const id of graph.inputs) if (graph.values[id]?.dtype === 'u8') this.uint8Of.set(id, this.tensorName(id));
  }

  /** The ONNX tensor name that holds IR value `id` when it is produced (not following aliases). */
  tensorName(id: string): string {
    const name = this.tensorOf.get(id);
    if (name === undefined) throw new Error(`unknown IR value '${id}'`);
    return name;
  }

  value(id: string): string {
    if (!this.graph.values[id]?.quant) return this.stored(id);
    return this.current && keepsFloatWeights(this.current) ? this.dequantizedPerChannel(id) : this.dequantized(id);
  }

  /**
   * A float convolution or linear reading a quantized value (`--keep-float`) reads it through a
   * DequantizeLinear with one scale per channel (all equal): onnxruntime quantizes the float weights of any
   * Conv or Gemm whose input comes from a per-tensor DequantizeLinear (its WeightBiasQuantization step),
   * and a layer kept float must keep its float weights.
   */
  private dequantizedPerChannel(id: string): string {
    const key = `${id}|per-channel`;
    const known = this.floatOf.get(key);
    if (known !== undefined) return known;
    const params = this.quantOf(id);
    const channels = this.graph.values[id]?.shape[1];
    if (typeof channels !== 'number') throw new Error(`value '${id}' has no known channel count`);
    const scale = this.constantIn(id, 'scales', { dtype: 'float32', dims: [channels], data: new Float32Array(channels).fill(params.scale) });
    const zero = this.constantIn(id, 'zero_points', { dtype: 'uint8', dims: [channels], data: new Uint8Array(channels).fill(params.zeroPoint) });
    const out = this.tensorNames.fresh(`${id}/dequantized_per_channel`);
    this.pushQdq('DequantizeLinear', id, [this.quantized(id), scale, zero], out, { axis: 1 });
    this.floatOf.set(key, out);
    return out;
  }

  /** The tensor that holds a value as produced: float, or uint8 for a value written on uint8 data. */
  private stored(id: string): string {
    return this.aliases.get(id) ?? this.tensorName(id);
  }

  quantized(id: string): string {
    const known = this.uint8Of.get(id);
    if (known !== undefined) return known;
    // A quantized value that came in as float (a graph input): quantized where it is first read.
    return this.quantize(id);
  }

  /** Whether an ONNX tensor holds uint8 data (for its value_info). */
  isUint8(name: string): boolean {
    for (const [id, tensor] of this.uint8Of) if (tensor === name) return this.graph.values[id] !== undefined;
    return false;
  }

  /** QuantizeLinear of a quantized value's float tensor: the QDQ form's Q after its producer. */
  private quantize(id: string, float = this.stored(id)): string {
    const params = this.quantOf(id);
    const out = this.tensorNames.fresh(`${id}/quantized`);
    this.pushQdq('QuantizeLinear', id, [float, ...this.quantConstants(id, params)], out);
    this.producedNames.add(out);
    if (float === this.stored(id)) this.uint8Of.set(id, out);
    return out;
  }

  storeQuantized(id: string, float: string): string {
    this.storedUint8.add(id);
    return this.quantize(id, float);
  }

  /** DequantizeLinear of a quantized value: what float operators read (onnxruntime fuses it into the uint8 kernel after it). */
  private dequantized(id: string): string {
    const known = this.floatOf.get(id);
    if (known !== undefined) return known;
    const params = this.quantOf(id);
    const u8 = this.quantized(id);
    const out = this.tensorNames.fresh(`${id}/dequantized`);
    this.pushQdq('DequantizeLinear', id, [u8, ...this.quantConstants(id, params)], out);
    this.floatOf.set(id, out);
    return out;
  }

  private quantOf(id: string): QuantParams {
    const params = this.graph.values[id]?.quant;
    if (!params) throw new Error(`value '${id}' is not quantized`);
    return params;
  }

  /** The scale and zero point of a quantized value, as scalar constants (shared by content). */
  private quantConstants(id: string, params: QuantParams): [string, string] {
    const scale = this.constantIn(id, 'scale', { dtype: 'float32', dims: [], data: Float32Array.of(params.scale) });
    const zero = this.constantIn(id, 'zero_point', { dtype: 'uint8', dims: [], data: Uint8Array.of(params.zeroPoint) });
    return [scale, zero];
  }

  private constantIn(scope: string, hint: string, tensor: OnnxTensor): string {
    const key = contentKey(tensor);
    const known = this.constantByContent.get(key);
    if (known !== undefined) return known;
    const name = this.tensorNames.fresh(`${scope}/${hint}`);
    this.constants.set(name, tensor);
    this.constantByContent.set(key, name);
    return name;
  }

  private pushQdq(opType: 'QuantizeLinear' | 'DequantizeLinear', id: string, inputs: string[], output: string, attrs: Record<string, OnnxAttr> = {}): void {
    const value: IRValue | undefined = this.graph.values[id];
    this.producedNames.add(output);
    this.nodes.push({
      name: this.nodeNames.fresh(`${id}/${opType === 'QuantizeLinear' ? 'quantize' : 'dequantize'}`),
      opType,
      domain: '',
      inputs,
      outputs: [output],
      attrs,
      docString: value ? formatLocation(value.span) : '',
    });
  }

  param(p: IRParam): string {
    const known = this.params.get(p.name);
    if (known) {
      if (known.shape.join(',') !== p.shape.join(',')) {
        throw new Error(`parameter '${p.name}' used with shapes [${known.shape.join(', ')}] and [${p.shape.join(', ')}]`);
      }
      return p.name;
    }
    if (!this.tensorNames.reserve(p.name)) throw new Error(`parameter name '${p.name}' is already used by another tensor`);
    this.params.set(p.name, p);
    return p.name;
  }

  constant(hint: string, tensor: OnnxTensor, options: { readonly table?: boolean } = {}): string {
    if (tensor.data.length > MAX_CONSTANT_ELEMENTS && options.table !== true) {
      throw new Error(`constant '${hint}' has ${tensor.data.length} elements; constants must not scale with activations`);
    }
    return this.constantIn(this.scope(), hint, tensor);
  }

  emit(opType: string, inputs: readonly string[], attrs: Readonly<Record<string, OnnxAttr>> = {}, options: EmitNodeOptions = {}): string[] {
    const node = this.currentNode();
    const count = options.outputNames?.length ?? options.outputs ?? 1;
    const base = `${node.name}/${options.nameSuffix?.replace(/^\//, '') ?? opType}`;
    const outputs = Array.from({ length: count }, (_, k) => {
      const given = options.outputNames?.[k];
      if (given === undefined) return this.tensorNames.fresh(`${base}_output_${k}`);
      if (this.produced(given)) throw new Error(`tensor '${given}' is produced twice`);
      this.tensorNames.reserve(given);
      return given;
    });
    for (const o of outputs) this.producedNames.add(o);
    const domain = options.domain ?? '';
    if (domain !== '' && !this.domains.has(domain)) this.domains.set(domain, 1);
    const name = this.nodeNames.fresh(base);
    this.provenance.set(name, { op: node.op, name: node.name, time: timeFact(node)?.kind, span: node.span });
    this.nodes.push({
      name,
      opType,
      domain,
      inputs: [...inputs],
      outputs,
      attrs,
      docString: formatLocation(node.span),
    });
    return outputs;
  }

  /** Runs one lowering and binds what it returns to the IR node's output ids. */
  lower(node: IRNode, lowering: (node: IRNode, ctx: LowerContext) => string[]): void {
    this.current = node;
    const first = this.nodes.length;
    try {
      const returned = lowering(node, this);
      if (returned.length !== node.outputs.length) {
        throw new Error(`the lowering returned ${returned.length} outputs for ${node.outputs.length}`);
      }
      const added = this.nodes.slice(first);
      node.outputs.forEach((id, i) => this.bindOutput(id, returned[i] as string, added));
      this.nameMainNode(node, added);
      this.storeOutputs(node);
    } finally {
      this.current = undefined;
    }
  }

  /**
   * int8 models: a node run on uint8 data wrote its quantized outputs as uint8; any other node wrote
   * float, and each output the model stores quantized gets its QuantizeLinear right after it.
   */
  private storeOutputs(node: IRNode): void {
    const uint8 = runsOnUint8(node, this.graph);
    for (const id of node.outputs) {
      if (!this.graph.values[id]?.quant) continue;
      if (uint8 || this.storedUint8.has(id)) this.uint8Of.set(id, this.stored(id));
      else this.quantize(id);
    }
  }

  /**
   * Graph outputs must carry their declared names: an output that is only an alias (its node
   * returned a parameter or another value's tensor) gets an Identity node. A graph input may be
   * an output as it is.
   */
  bindGraphOutputs(): void {
    for (const id of this.graph.outputs) {
      const name = this.graph.values[id]?.dtype === 'u8' ? this.quantized(id) : this.value(id);
      if (name === id && (this.produced(id) || this.graph.inputs.includes(id))) continue;
      const value = this.graph.values[id];
      this.nodes.push({
        name: this.nodeNames.fresh(`${id}/output`),
        opType: 'Identity',
        domain: '',
        inputs: [name],
        outputs: [id],
        attrs: {},
        docString: value ? formatLocation(value.span) : '',
      });
      this.producedNames.add(id);
      this.aliases.delete(id);
    }
  }

  /** Whether `name` is the output of a node emitted so far. */
  produced(name: string): boolean {
    return this.producedNames.has(name);
  }

  private bindOutput(id: string, returned: string, added: readonly PendingNode[]): void {
    const target = this.tensorName(id);
    if (returned === target) {
      if (!added.some((n) => n.outputs.includes(target))) throw new Error(`output '${id}' was returned but never produced`);
      return;
    }
    const producedHere = added.some((n) => n.outputs.includes(returned));
    if (producedHere && !this.valueTensors.has(returned)) {
      for (const n of added) {
        n.inputs = n.inputs.map((t) => (t === returned ? target : t));
        n.outputs = n.outputs.map((t) => (t === returned ? target : t));
      }
      this.tensorNames.release(returned);
      this.producedNames.delete(returned);
      this.producedNames.add(target);
      // A lowering that returns the same tensor for two outputs: the later ones alias the first.
      this.renamed.set(returned, target);
      return;
    }
    this.aliases.set(id, this.renamed.get(returned) ?? this.aliases.get(returned) ?? returned);
  }

  /** The node producing the IR node's first output takes the IR node's own name. */
  private nameMainNode(node: IRNode, added: readonly PendingNode[]): void {
    const firstOutput = node.outputs[0];
    const main = added.find((n) => firstOutput !== undefined && n.outputs.includes(this.tensorName(firstOutput)));
    if (!main || main.name === node.name || this.nodeNames.has(node.name)) return;
    this.nodeNames.release(main.name);
    this.nodeNames.reserve(node.name);
    main.name = node.name;
  }

  private currentNode(): IRNode {
    if (!this.current) throw new Error('emit() called outside a lowering');
    return this.current;
  }

  private scope(): string {
    return this.current?.name ?? 'const';
  }
}

/** A convolution or linear computing with float weights (not quantized by --precision int8). */
function keepsFloatWeights(node: IRNode): boolean {
  return (node.op === 'conv' || node.op === 'linear') && node.params['weight']?.dtype === 'f32';
}

function contentKey(tensor: OnnxTensor): string {
  const bytes = new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
  return `${tensor.dtype}|${tensor.dims.join(',')}|${Buffer.from(bytes).toString('base64')}`;
}
