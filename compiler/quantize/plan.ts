/**
 * Which operators of a network run int8, and how every value is stored: the decisions of
 * `--precision int8`, made once over the optimized float graph and the calibration ranges.
 *
 * - An op with a uint8 kernel (its int8 fact `compute`: conv, linear, add, pooling) runs int8 unless
 *   `--keep-float` names it or a value it needs has no calibration range; its activation inputs and its
 *   output are stored uint8 (a relu or relu6 right after it is absorbed: the output's zero point is 0,
 *   and onnxruntime drops the clamp). A linear's output (the logits) stays float.
 * - An op that only moves values (`moves`: the temporal shift, max pool, frames) runs on the uint8 data
 *   when anything int8 reads its output: the quantization sits before it, so there is no float island
 *   between a shift and its convolution, and its output keeps its input's scale and zero point.
 * - Everything else reads dequantized values.
 * Scale and zero point of a value come from the range of its source: the value itself, or, through
 * ops that only move values, the value they moved (a max pool's output range lies inside its input's).
 */
import type { IRGraph, IRNode, QuantParams } from '../ir/graph.js';
import { isDepthwise } from '../ir/ops/conv.js';
import { int8Fact } from '../ir/ops/op-facts.js';
import { indexGraph, type GraphIndex } from '../passes/graph-index.js';
import { keptBy, type KeepFloat } from './keep-float.js';
import { activationParams } from './params.js';
import type { Range } from './ranges.js';

/** One node's decision: what it becomes, or why it stays float. */
export type Int8Decision = { readonly int8: true; readonly how: string } | { readonly int8: false; readonly why: string };

export interface Int8Plan {
  /** Scale and zero point of every value the int8 model stores as uint8. */
  readonly values: ReadonlyMap<string, QuantParams>;
  /** By node name. */
  readonly decisions: ReadonlyMap<string, Int8Decision>;
  /** The value whose calibration range gave each stored value its parameters. */
  readonly sources: ReadonlyMap<string, string>;
}

export interface PlanOptions {
  readonly keepFloat: KeepFloat;
  /** The model runs in a browser (onnxruntime-web): depthwise convolutions stay float (see below). */
  readonly browser?: boolean;
}

/**
 * onnxruntime-web's wasm kernels (1.29): a uint8 depthwise QLinearConv takes about twice the time of the
 * float depthwise convolution, while uint8 and float 1x1 convolutions take the same time (per operator,
 * tsm_mobilenetv2_online, one thread: depthwise 36.7 ms uint8 against 17.7 ms float, the others 38.2
 * against 39.2 ms). In a browser the depthwise convolutions stay float; their weights are small.
 */
export const BROWSER_DEPTHWISE =
  "a depthwise convolution stays float in a browser: onnxruntime-web's wasm runs uint8 depthwise convolutions about 2x slower than float ones";

/** The values a calibration must measure: every float value an int8 plan may store (inputs included). */
export function calibrationValues(graph: IRGraph): string[] {
  const wanted = new Set<string>();
  for (const node of graph.nodes) {
    const kind = int8Fact(node).kind;
    if (kind === 'float') continue;
    for (const id of [...node.inputs, ...node.outputs]) if (graph.values[id]?.dtype === 'f32') wanted.add(id);
  }
  return [...wanted];
}

export function planInt8(graph: IRGraph, ranges: ReadonlyMap<string, Range>, options: PlanOptions): Int8Plan {
  const index = indexGraph(graph);
  const decisions = new Map<string, Int8Decision>();
  const stored = new Set<string>();
  const computeNodes = new Map<IRNode, string | undefined>();
  for (const node of graph.nodes) {
    if (int8Fact(node).kind !== 'compute') continue;
    const why = whyNotCompute(node, graph, index, ranges, options);
    if (why !== undefined) {
      decisions.set(node.name, { int8: false, why });
      continue;
    }
    const out = node.op === 'linear' ? undefined : storedOutput(node, graph, index);
    computeNodes.set(node, out);
    for (const id of activationInputs(node)) stored.add(id);
    if (out !== undefined) stored.add(out);
  }
  const uint8 = movesOnUint8(graph, index, stored, options, decisions);
  const sources = new Map<string, string>();
  for (const id of stored) sources.set(id, sourceOf(id, index, uint8));
  const values = new Map<string, QuantParams>();
  for (const [id, source] of sources) values.set(id, activationParams(ranges.get(source) ?? { lo: 0, hi: 0 }));
  for (const [node, out] of computeNodes) decisions.set(node.name, { int8: true, how: describeCompute(node, out, values) });
  for (const node of graph.nodes) {
    if (decisions.has(node.name)) continue;
    decisions.set(node.name, otherDecision(node, index, computeNodes, values));
  }
  return { values, decisions, sources };
}

/** Why a `compute` op stays float, or undefined when it runs int8. */
function whyNotCompute(node: IRNode, graph: IRGraph, index: GraphIndex, ranges: ReadonlyMap<string, Range>, options: PlanOptions): string | undefined {
  const kept = keptBy(node, options.keepFloat);
  if (kept !== undefined) return `kept float (--keep-float ${kept})`;
  if (options.browser && node.op === 'conv' && isDepthwise(node.attrs, graph.values[node.inputs[0] as string]?.shape[1])) return BROWSER_DEPTHWISE;
  const inputs = activationInputs(node);
  if (inputs.some((id) => graph.values[id]?.dtype !== 'f32')) return 'an input is not a float tensor';
  if (node.op === 'linear' && graph.values[node.inputs[0] as string]?.shape.length !== 2) {
    return 'a linear over tokens (MatMul) has no int8 fusion in onnxruntime; it stays float';
  }
  const out = node.op === 'linear' ? undefined : storedOutput(node, graph, index);
  if (out !== undefined && index.isOutput(out)) return "its output is the model's output, which stays float";
  const missing = [...inputs, ...(out === undefined ? [] : [out])].filter((id) => !ranges.has(id));
  if (missing.length > 0) return `no calibration range for ${missing.join(', ')}`;
  return undefined;
}

/** The values a `compute` op reads as activations (its parameters are quantized apart). */
function activationInputs(node: IRNode): string[] {
  return node.op === 'add' ? [...node.inputs] : [node.inputs[0] as string];
}

/** Where the QuantizeLinear after a compute op goes: after a relu/relu6 that is its only reader (absorbed), else its output. */
export function storedOutput(node: IRNode, _graph: IRGraph, index: GraphIndex): string {
  const out = node.outputs[0] as string;
  const readers = index.consumers(out);
  const clamp = readers[0];
  if (readers.length === 1 && clamp && int8Fact(clamp).kind === 'clamps' && !index.isOutput(out)) return clamp.outputs[0] as string;
  return out;
}

/**
 * The ops that only move values and run on uint8 (backwards: an op whose output is stored uint8 runs on
 * uint8, so its inputs are stored uint8 too); they and the values they touch join `stored`.
 */
function movesOnUint8(graph: IRGraph, index: GraphIndex, stored: Set<string>, options: PlanOptions, decisions: Map<string, Int8Decision>): Set<IRNode> {
  const uint8 = new Set<IRNode>();
  for (const node of [...graph.nodes].reverse()) {
    if (int8Fact(node).kind !== 'moves') continue;
    const read = node.outputs.some((id) => stored.has(id) || index.consumers(id).some((r) => uint8.has(r)));
    if (!read) continue;
    const kept = keptBy(node, options.keepFloat);
    if (kept !== undefined) {
      decisions.set(node.name, { int8: false, why: `kept float (--keep-float ${kept})` });
      continue;
    }
    if ([...node.inputs, ...node.outputs].some((id) => graph.values[id]?.dtype !== 'f32')) continue;
    uint8.add(node);
    for (const id of [...node.inputs, ...node.outputs]) stored.add(id);
  }
  return uint8;
}

/** The value whose range sets a stored value's parameters: back through the ops that only move values. */
function sourceOf(id: string, index: GraphIndex, uint8: ReadonlySet<IRNode>): string {
  let current = id;
  for (;;) {
    const producer = index.producer(current);
    if (producer && uint8.has(producer)) {
      current = producer.inputs[0] as string;
      continue;
    }
    // An online cache input takes the parameters of the value whose channels it holds.
    const reader = index.consumers(current).find((r) => uint8.has(r) && r.op === 'cache_shift' && r.inputs[1] === current);
    if (!producer && reader) {
      current = reader.inputs[0] as string;
      continue;
    }
    return current;
  }
}

function describeCompute(node: IRNode, out: string | undefined, values: ReadonlyMap<string, QuantParams>): string {
  const input = values.get(node.inputs[0] as string);
  const inText = input ? `uint8 input (scale ${fmt(input.scale)}, zero point ${input.zeroPoint})` : 'uint8 input';
  switch (node.op) {
    case 'conv':
      return `QLinearConv: ${inText}, int8 weights with a scale per output channel, int32 bias${outText(out, values)}`;
    case 'linear':
      return `QGemm: ${inText}, int8 weights with a scale per output channel, int32 bias, float output`;
    case 'add':
      return `QLinearAdd of two uint8 inputs${outText(out, values)}`;
    default:
      return `QLinear ${node.op}: ${inText}${outText(out, values)}`;
  }
}

function outText(out: string | undefined, values: ReadonlyMap<string, QuantParams>): string {
  const params = out === undefined ? undefined : values.get(out);
  return params ? `, uint8 output (scale ${fmt(params.scale)}, zero point ${params.zeroPoint})` : '';
}

/** Decisions of the ops that do not compute int8 themselves: moved on uint8, absorbed, or float. */
function otherDecision(
  node: IRNode,
  index: GraphIndex,
  computeNodes: ReadonlyMap<IRNode, string | undefined>,
  values: ReadonlyMap<string, QuantParams>,
): Int8Decision {
  const fact = int8Fact(node);
  const out = node.outputs[0] as string;
  if (fact.kind === 'moves') {
    const params = values.get(node.inputs[0] as string);
    if (!params || !values.has(out)) return { int8: false, why: 'nothing int8 reads its output' };
    const zero = `scale ${fmt(params.scale)}, zero point ${params.zeroPoint}`;
    if (node.op === 'shift') {
      return {
        int8: true,
        how: `moves uint8 data (${zero}) as one depthwise QLinearConv along time (one-hot taps, exact), frames outside the clip = the zero point: no float island before the next convolution, no layout transposes`,
      };
    }
    return { int8: true, how: `runs on uint8 data (${zero})` };
  }
  if (fact.kind === 'clamps') {
    const producer = index.producer(node.inputs[0] as string);
    if (producer && computeNodes.get(producer) === out) {
      return { int8: true, how: `absorbed: the QuantizeLinear after ${producer.name} (zero point ${values.get(out)?.zeroPoint ?? 0}) clamps at 0` };
    }
    return { int8: false, why: 'not right after an int8 operator; runs on dequantized values' };
  }
  if (fact.kind === 'float') return { int8: false, why: fact.why };
  return { int8: false, why: 'stays float' };
}

function fmt(x: number): string {
  return x.toPrecision(4);
}
