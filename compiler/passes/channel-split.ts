/**
 * Keeps a value as separate channel groups ("parts") instead of one tensor, by rewriting its
 * producers to write each group apart: a convolution computes each group from its own rows of
 * the weight, per-channel ops (relu, batchnorm, add, pooling) run per group. Consumers read the
 * groups: a convolution sums partial convolutions over its input groups, per-channel ops stay
 * split. Whatever still needs the whole tensor gets a channel concat. Exact by linearity.
 */
import type { IRGraph, IRNode, IRParam, IRValue, NodeOf } from '../ir/graph.js';
import type { Dim } from '../ir/dim.js';
import type { GraphIndex } from './graph-index.js';
import { slicedParam, sliceWeightData } from './slice-weights.js';
import { computesChannelsApart, splitsOperandsAlike } from '../ir/ops/op-facts.js';
import { isDepthwise } from '../ir/ops/conv.js';

export interface ChannelRange {
  readonly start: number;
  readonly end: number;
}

export interface Parts {
  readonly ranges: readonly ChannelRange[];
  readonly ids: readonly string[];
}

/** A channel group of the node's output needs only that group of its input (and of per-channel parameters). */
export function isPerChannel(node: IRNode): boolean {
  return computesChannelsApart(node);
}

export function rangeLabel(r: ChannelRange): string {
  return `[${r.start}:${r.end}]`;
}

function sameRanges(a: readonly ChannelRange[], b: readonly ChannelRange[]): boolean {
  return a.length === b.length && a.every((r, i) => r.start === b[i]?.start && r.end === b[i]?.end);
}

/** Mutable state of one splitting rewrite; `finish` returns the new graph and weights. */
export class ChannelSplitter {
  private readonly parts = new Map<string, Parts>();
  private readonly added: IRNode[] = [];
  /** Original nodes whose every output now exists as parts (they are dropped at the end). */
  private readonly replaced = new Set<IRNode>();
  private readonly slices = new Map<string, string[]>();
  private readonly values: Record<string, IRValue>;

  constructor(
    private readonly graph: IRGraph,
    private readonly index: GraphIndex,
    readonly weights: Map<string, Float32Array>,
  ) {
    this.values = { ...graph.values };
  }

  /** The channel groups a value is kept in, when it is split. */
  partsOf(id: string): Parts | undefined {
    return this.parts.get(id);
  }

  /** Records that `id` now exists as these groups (a rewrite wrote them). */
  setParts(id: string, parts: Parts): void {
    this.parts.set(id, parts);
  }

  /** Marks an original node whose every output now exists as parts: `finish` drops it. */
  markReplaced(node: IRNode): void {
    this.replaced.add(node);
  }

  isReplaced(node: IRNode): boolean {
    return this.replaced.has(node);
  }

  value(id: string): IRValue {
    const v = this.values[id];
    if (!v) throw new Error(`channel-split: unknown value ${id}`);
    return v;
  }

  channels(id: string): number {
    const c = this.value(id).shape[1];
    return typeof c === 'number' ? c : -1;
  }

  /** A new value like `base` but holding channels `r`. */
  partValue(baseId: string, r: ChannelRange, tag = ''): string {
    const base = this.value(baseId);
    const id = `${baseId}${tag}${rangeLabel(r)}`;
    const shape: Dim[] = [...base.shape];
    shape[1] = r.end - r.start;
    this.values[id] = { ...base, id, shape };
    return id;
  }

  newValue(like: string, id: string): string {
    this.values[id] = { ...this.value(like), id };
    return id;
  }

  /** A slice of a parameter along `axis` (0: output rows, 1: input columns), registered in the weights. */
  /** The parameter's slice, its data made once (the data slicing itself is slice-weights.ts, pure). */
  sliceParam(p: IRParam, axis: 0 | 1, r: ChannelRange): IRParam {
    const sliced = slicedParam(p, axis, r);
    if (!this.weights.has(sliced.name)) {
      const data = this.weights.get(p.name);
      if (!data) throw new Error(`channel-split: no data for parameter ${p.name}`);
      this.weights.set(sliced.name, sliceWeightData(data, p.shape, axis, r));
    }
    return sliced;
  }

  add(node: IRNode): void {
    this.added.push(node);
  }

  /** The value as the given channel groups, rewriting producers backwards where that is exact. */
  split(id: string, ranges: readonly ChannelRange[]): string[] {
    const known = this.parts.get(id);
    if (known && sameRanges(known.ranges, ranges)) return [...known.ids];
    if (known) return this.sliceOnce(id, ranges);
    const producer = this.index.producer(id);
    const ids = producer ? this.splitProducer(producer, id, ranges) : this.sliceOnce(id, ranges);
    this.parts.set(id, { ranges, ids });
    return ids;
  }

  /**
   * The groups of a value if it is, or can cheaply become, split: a per-channel op or a residual sum
   * over a split input is split the same way (forwards), so a convolution reading it can sum partial
   * convolutions instead of reading a concat.
   */
  splitForward(id: string): Parts | undefined {
    const ranges = this.forwardRanges(id);
    if (!ranges) return undefined;
    this.split(id, ranges);
    return this.parts.get(id);
  }

  /** The groups splitForward would give a value, without splitting anything. */
  forwardRanges(id: string): readonly ChannelRange[] | undefined {
    const known = this.parts.get(id);
    if (known) return known.ranges;
    const producer = this.index.producer(id);
    if (producer?.outputs.length !== 1) return undefined;
    const perChannel = isPerChannel(producer);
    if (!perChannel && !splitsOperandsAlike(producer)) return undefined;
    const inputs = perChannel ? [producer.inputs[0] as string] : producer.inputs;
    const channels = this.channels(id);
    const fits = (v: string) => this.value(v).shape.length === this.value(id).shape.length && this.channels(v) === channels;
    if (!inputs.every(fits)) return undefined;
    for (const input of inputs) {
      const ranges = this.forwardRanges(input);
      if (ranges) return ranges;
    }
    return undefined;
  }

  /** Copies of the groups out of the whole value (rebuilt by a concat when it was split otherwise), made once. */
  private sliceOnce(id: string, ranges: readonly ChannelRange[]): string[] {
    const key = `${id}|${ranges.map(rangeLabel).join('')}`;
    const made = this.slices.get(key);
    if (made) return [...made];
    const ids = this.sliceWhole(id, ranges);
    this.slices.set(key, ids);
    return [...ids];
  }

  private splitProducer(node: IRNode, id: string, ranges: readonly ChannelRange[]): string[] {
    const outs = (make: (r: ChannelRange, i: number, out: string) => IRNode): string[] => {
      const ids = ranges.map((r, i) => {
        const out = this.partValue(id, r);
        this.add(make(r, i, out));
        return out;
      });
      this.replaced.add(node);
      return ids;
    };
    const renamed = (r: ChannelRange, out: string) => ({
      id: `${node.id}${rangeLabel(r)}`,
      name: `${node.name}${rangeLabel(r)}`,
      outputs: [out],
    });
    if (isPerChannel(node)) {
      // Per-channel parameters (batchnorm's) are sliced with their channels; relu and the like have none.
      const inner = this.split(node.inputs[0] as string, ranges);
      return outs(
        (r, i, out) =>
          ({
            ...node,
            ...renamed(r, out),
            inputs: [inner[i] as string],
            params: Object.fromEntries(Object.entries(node.params).map(([k, p]) => [k, this.sliceParam(p, 0, r)])),
          }) as IRNode,
      );
    }
    if (splitsOperandsAlike(node)) {
      const outShape = this.value(id).shape;
      const full = (v: string) => this.value(v).shape.length === outShape.length && this.channels(v) === outShape[1];
      if (!node.inputs.every(full)) return this.sliceWhole(id, ranges);
      const operands = node.inputs.map((v) => this.split(v, ranges));
      return outs((r, i, out) => ({ ...node, ...renamed(r, out), inputs: operands.map((parts) => parts[i] as string) }) as IRNode);
    }
    return node.op === 'conv' ? this.splitConvOutput(node, id, ranges, outs, renamed) : this.sliceWhole(id, ranges);
  }

  private splitConvOutput(
    node: NodeOf<'conv'>,
    id: string,
    ranges: readonly ChannelRange[],
    outs: (make: (r: ChannelRange, i: number, out: string) => IRNode) => string[],
    renamed: (r: ChannelRange, out: string) => { id: string; name: string; outputs: string[] },
  ): string[] {
    const weight = node.params['weight'];
    const bias = node.params['bias'];
    if (!weight) return this.sliceWhole(id, ranges);
    const inChannels = this.channels(node.inputs[0] as string);
    const depthwise = isDepthwise(node.attrs, inChannels);
    if (node.attrs.groups !== 1 && !depthwise) return this.sliceWhole(id, ranges);
    const inner = depthwise ? this.split(node.inputs[0] as string, ranges) : undefined;
    const inputParts = depthwise ? undefined : this.splitForward(node.inputs[0] as string);
    if (inputParts) {
      // The input is already split: each output group sums partial convolutions over the input groups.
      const ids = ranges.map((r) => this.partialSum(node, r, inputParts, this.partValue(id, r)));
      this.replaced.add(node);
      return ids;
    }
    return outs((r, i, out) => ({
      ...node,
      ...renamed(r, out),
      inputs: [inner ? (inner[i] as string) : (node.inputs[0] as string)],
      attrs: { ...node.attrs, outChannels: r.end - r.start, groups: depthwise ? r.end - r.start : 1 },
      params: {
        weight: this.sliceParam(weight, 0, r),
        ...(bias ? { bias: this.sliceParam(bias, 0, r) } : {}),
      },
    }));
  }

  /**
   * conv(W, x) for the output channels `out` when x is held as groups: the sum over the groups of
   * conv(W[out, group], x_group), the bias added once. Returns `target`, which holds the result.
   */
  partialSum(conv: NodeOf<'conv'>, out: ChannelRange | undefined, input: Parts, target: string): string {
    const weight = conv.params['weight'] as IRParam;
    const bias = conv.params['bias'];
    const rows = out ? this.sliceParam(weight, 0, out) : weight;
    const tag = out ? rangeLabel(out) : '';
    let acc: string | undefined;
    input.ranges.forEach((r, i) => {
      const last = i === input.ranges.length - 1;
      const partial = last && acc === undefined ? target : this.newValue(target, `${target}/partial${rangeLabel(r)}`);
      const partialBias: Record<string, IRParam> = bias && i === 0 ? { bias: out ? this.sliceParam(bias, 0, out) : bias } : {};
      this.add({
        ...conv,
        id: `${conv.id}${tag}/partial${rangeLabel(r)}`,
        name: `${conv.name}${tag}/partial${rangeLabel(r)}`,
        inputs: [input.ids[i] as string],
        outputs: [partial],
        attrs: { ...conv.attrs, outChannels: rows.shape[0] as number },
        params: { weight: this.sliceParam(rows, 1, r), ...partialBias },
      });
      if (acc === undefined) {
        acc = partial;
        return;
      }
      const sum = last ? target : this.newValue(target, `${target}/sum${rangeLabel(r)}`);
      this.add({
        op: 'add',
        id: `${conv.id}${tag}/sum${rangeLabel(r)}`,
        name: `${conv.name}${tag}/sum${rangeLabel(r)}`,
        inputs: [acc, partial],
        outputs: [sum],
        params: {},
        attrs: {},
        span: conv.span,
      });
      acc = sum;
    });
    return target;
  }

  /** Fallback: copy each group out of the whole tensor. */
  private sliceWhole(id: string, ranges: readonly ChannelRange[]): string[] {
    const v = this.value(id);
    return ranges.map((r) => {
      const out = this.partValue(id, r, '/slice');
      this.add({
        op: 'slice',
        id: `${id}/slice${rangeLabel(r)}`,
        name: `${id}/slice${rangeLabel(r)}`,
        inputs: [id],
        outputs: [out],
        params: {},
        attrs: { axis: 1, start: r.start, end: r.end },
        span: v.span,
      });
      return out;
    });
  }

  /** The graph with replaced nodes dropped, new nodes added, and a concat for every split value. */
  finish(kept: readonly IRNode[]): { graph: IRGraph; weights: Map<string, Float32Array> } {
    const concats: IRNode[] = [];
    // A value a new node already writes whole (a conv turned into a sum of partial convs) needs no concat.
    const written = new Set(this.added.flatMap((n) => n.outputs));
    for (const [id, p] of this.parts) {
      const producer = this.index.producer(id);
      if (!producer || !this.replaced.has(producer) || written.has(id)) continue;
      concats.push({
        op: 'concat',
        id: `${id}/concat`,
        name: `${id}/concat`,
        inputs: [...p.ids],
        outputs: [id],
        params: {},
        attrs: { axis: 1 },
        span: this.value(id).span,
      });
    }
    const nodes = [...kept.filter((n) => !this.replaced.has(n)), ...this.added, ...concats];
    return { graph: { ...this.graph, nodes, values: this.values }, weights: this.weights };
  }
}

export { sameRanges };
