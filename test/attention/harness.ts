/**
 * A minimal ONNX builder for the attention tests: lowers a hand-built IR graph with the token and
 * attention lowerings (plus test-only lowerings of the few generic ops a TimeSformer needs) and runs it
 * on onnxruntime CPU. It uses the emitter's protobuf pieces but none of its dispatch, so the lowerings
 * can be checked on their own.
 */
import * as ort from 'onnxruntime-node';
import type { IRGraph, IRNode, OpName } from '../../compiler/ir/graph.js';
import type { LowerContext, Lowering, OnnxAttr, OnnxTensor, Target } from '../../compiler/emit/lower/context.js';
import { emitGraph } from '../../compiler/emit/graph.js';
import { emitModelProto } from '../../compiler/emit/model.js';
import type { PendingNode } from '../../compiler/emit/node.js';
import { encodeModel, type ITensorProto } from '../../compiler/emit/proto.js';
import { emitTensor } from '../../compiler/emit/tensor.js';
import { emitValueInfo } from '../../compiler/emit/value-info.js';
import { lowerAttention } from '../../compiler/emit/lower/attention.js';
import {
  lowerAddPatches,
  lowerClsToken,
  lowerPatchEmbed,
  lowerPosEmbed,
  lowerSelectCls,
  lowerTimeEmbed,
  lowerTokenConsensus,
} from '../../compiler/emit/lower/tokens.js';
import { OnnxOps } from '../../compiler/emit/lower/attention-ops.js';

type AnyLowering = (node: IRNode, ctx: LowerContext) => string[];

function input(node: IRNode, ctx: LowerContext, i = 0): string {
  const id = node.inputs[i];
  if (id === undefined) throw new Error(`${node.name}: missing input ${i}`);
  return ctx.value(id);
}

function param(node: IRNode, ctx: LowerContext, role: string): string {
  const p = node.params[role];
  if (p === undefined) throw new Error(`${node.name}: missing ${role}`);
  return ctx.param(p);
}

/** Test-only lowerings of the generic ops (the real ones belong to the emitter). */
const generic: Partial<Record<OpName, AnyLowering>> = {
  layernorm: (node, ctx) => {
    const eps = node.op === 'layernorm' ? node.attrs.eps : 1e-5;
    return ctx.emit(
      'LayerNormalization',
      [input(node, ctx), param(node, ctx, 'weight'), param(node, ctx, 'bias')],
      { axis: -1, epsilon: eps },
      { nameSuffix: '/ln' },
    );
  },
  linear: (node, ctx) => [new OnnxOps(ctx).linear(input(node, ctx), param(node, ctx, 'weight'), param(node, ctx, 'bias'))],
  add: (node, ctx) => ctx.emit('Add', [input(node, ctx, 0), input(node, ctx, 1)], {}, { nameSuffix: '/add' }),
  gelu: (node, ctx) => {
    const ops = new OnnxOps(ctx);
    const x = input(node, ctx);
    const erf = ops.op('Erf', [ops.mul(x, ops.floats([Math.SQRT1_2], []))]);
    return [ops.mul(ops.mul(x, ops.add(erf, ops.floats([1], []))), ops.floats([0.5], []))];
  },
};

const tokenLowerings: Partial<Record<OpName, AnyLowering>> = {
  patch_embed: lowerPatchEmbed as AnyLowering,
  cls_token: lowerClsToken as AnyLowering,
  pos_embed: lowerPosEmbed as AnyLowering,
  time_embed: lowerTimeEmbed as AnyLowering,
  add_patches: lowerAddPatches as AnyLowering,
  select_cls: lowerSelectCls as AnyLowering,
  consensus: lowerTokenConsensus as AnyLowering,
  attention: lowerAttention as AnyLowering,
};

export interface BuildOptions {
  readonly target: Target;
  /** Replace the lowering of one op (to compare alternatives). */
  readonly override?: Partial<Record<OpName, Lowering<OpName>>>;
}

/** Builds ONNX bytes for `graph`; `weights` gives every parameter by its hierarchical name. */
export function buildModel(graph: IRGraph, weights: ReadonlyMap<string, Float32Array>, options: BuildOptions): Uint8Array {
  const nodes: PendingNode[] = [];
  const initializers = new Map<string, ITensorProto>();
  let constants = 0;
  let current: IRNode | undefined;
  const domains = new Set<string>();
  const ctx: LowerContext = {
    target: options.target,
    opset: 17,
    graph,
    value: (id) => id,
    quantized: (id) => {
      throw new Error(`${id}: the attention harness builds float models only`);
    },
    storeQuantized: (id) => {
      throw new Error(`${id}: the attention harness builds float models only`);
    },
    param: (p) => {
      if (!initializers.has(p.name)) {
        const data = weights.get(p.name);
        if (data === undefined) throw new Error(`no weights for ${p.name}`);
        if (data.length !== p.shape.reduce((a, b) => a * b, 1)) throw new Error(`${p.name}: ${data.length} values for [${p.shape.join(', ')}]`);
        initializers.set(p.name, emitTensor(p.name, { dtype: 'float32', dims: p.shape, data }));
      }
      return p.name;
    },
    constant: (hint: string, tensor: OnnxTensor) => {
      const name = `${hint}_${constants++}`;
      initializers.set(name, emitTensor(name, tensor));
      return name;
    },
    emit: (opType: string, inputs: readonly string[], attrs?: Readonly<Record<string, OnnxAttr>>, opts?) => {
      const base = `${current?.name ?? 'graph'}${opts?.nameSuffix ?? ''}`;
      const count = opts?.outputs ?? 1;
      const outputs = opts?.outputNames ? [...opts.outputNames] : Array.from({ length: count }, (_, i) => `${base}:${i}`);
      if (opts?.domain) domains.add(opts.domain);
      nodes.push({ name: base, opType, domain: opts?.domain ?? '', inputs: [...inputs], outputs, attrs: attrs ?? {}, docString: '' });
      return outputs;
    },
  };
  for (const node of graph.nodes) {
    current = node;
    const lower = (options.override?.[node.op] as AnyLowering | undefined) ?? tokenLowerings[node.op] ?? generic[node.op];
    if (lower === undefined) throw new Error(`harness: no lowering for ${node.op}`);
    const outs = lower(node, ctx);
    outs.forEach((name, i) => {
      const id = node.outputs[i];
      if (id === undefined) throw new Error(`${node.name}: too many outputs`);
      nodes.push({ name: `${node.name}/out${i}`, opType: 'Identity', domain: '', inputs: [name], outputs: [id], attrs: {}, docString: '' });
    });
  }
  const info = (id: string) => {
    const v = graph.values[id];
    if (v === undefined) throw new Error(`unknown value ${id}`);
    return emitValueInfo(id, v.dtype, v.shape);
  };
  const proto = emitModelProto({
    graph: emitGraph({
      name: graph.name,
      nodes,
      inputs: graph.inputs.map(info),
      outputs: graph.outputs.map(info),
      initializers: [...initializers.values()],
      valueInfo: [],
    }),
    opset: 17,
    domains: Object.fromEntries([...domains].map((d) => [d, 1])),
    producerVersion: 'test',
    metadata: {},
  });
  return encodeModel(proto);
}

export async function runModel(bytes: Uint8Array, feeds: Record<string, { data: Float32Array; dims: readonly number[] }>, threads = 1): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  const tensors = Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, new ort.Tensor('float32', v.data, v.dims)]));
  const outName = session.outputNames[0];
  if (outName === undefined) throw new Error('model has no output');
  const result = await session.run(tensors);
  const out = result[outName];
  await session.release();
  if (out === undefined) throw new Error('no output');
  return out.data as Float32Array;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return m;
}
