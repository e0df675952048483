// shift(x) -> conv  =>  conv(W[:, kept], x_kept) + conv(W[:, a], time_shift(x_ab[a], +1)) + conv(W[:, b], time_shift(x_ab[b], -1))
//
// The temporal shift moves only 2/8 of the channels (1/8 past-only). Instead of copying the whole
// activation to move them, the producers of the shift's input write the moved channels (x_ab) and
// the kept ones as separate tensors (see channel-split.ts), each moved group is copied out of x_ab
// one frame over, and the convolution that follows reads the groups directly, summing partial
// convolutions (onnxruntime fuses each partial sum into the convolution). No full-tensor shift or
// concat remains.
import type { IRNode, NodeOf } from '../ir/graph.js';
import { BETWEEN_SHIFT_AND_CONV, splitsOperandsAlike } from '../ir/ops/op-facts.js';
import { isDepthwise } from '../ir/ops/conv.js';
import { shiftChannelGroups } from '../ir/ops/shift.js';
import { ChannelSplitter, isPerChannel, rangeLabel, sameRanges, type ChannelRange, type Parts } from './channel-split.js';
import { indexGraph, type GraphIndex } from './graph-index.js';
import { unchanged, type Pass, type PassContext } from './pass.js';
import { topoSort } from './topo-sort.js';
import { removeDeadNodes } from './remove-dead-nodes.js';

type Shift = NodeOf<'shift'>;
type CacheShift = NodeOf<'cache_shift'>;

interface ShiftGroups {
  readonly ranges: ChannelRange[];
  /** Per range: the time offset it reads from (+1 next frame, -1 previous), or 0 when it stays. */
  readonly offsets: number[];
}

/** The shift's channel groups (ir/ops/shift.ts) as ranges and offsets. */
export function shiftGroups(shift: Shift, channels: number): ShiftGroups {
  const groups = shiftChannelGroups(shift.attrs, channels);
  return { ranges: groups.map(({ start, end }) => ({ start, end })), offsets: groups.map((g) => g.offset) };
}

/**
 * onnxruntime's CPU convolutions run on channel blocks of 16 (AVX-512; 8 on AVX2). A channel group
 * narrower than a block runs outside that layout and costs two reorders; measured on TSM-ResNet50's
 * layer1.0 (fold 8 of 64), the plain shift of that small tensor is cheaper than splitting it.
 */
export const ORT_CPU_CHANNEL_BLOCK = 16;

/**
 * On onnxruntime's CPU, a fold that is not whole channel blocks is cheaper shifted plainly (see above).
 * In onnxruntime-web's wasm, such narrow partial convolutions gain nothing either: tsm_mobilenetv2_online
 * (folds of 2 to 20 channels) in headless Chromium, five pages each, 224x224, one thread: median 34-35 ms
 * both ways, p90 41-51 ms plain against 59-72 ms fused, first frame 94-173 ms against 157-269 ms.
 */
function whyNotWholeBlocks(foldChannels: number, ctx: PassContext): string | undefined {
  if (foldChannels % ORT_CPU_CHANNEL_BLOCK === 0) return undefined;
  if (ctx.target === 'ort-cpu') {
    return `fold of ${foldChannels} channels is not a multiple of onnxruntime's CPU channel block (${ORT_CPU_CHANNEL_BLOCK}): the plain shift is cheaper here`;
  }
  if (ctx.browser)
    return `fold of ${foldChannels} channels is not a multiple of ${ORT_CPU_CHANNEL_BLOCK}: in onnxruntime-web the plain shift is as fast and steadier here`;
  return undefined;
}

/** What a fused shift may feed: a convolution, or an op its facts allow between a shift and its conv. */
const BEFORE_CONV = BETWEEN_SHIFT_AND_CONV;

/**
 * An int8 model moves the shift's uint8 data instead (compiler/emit/lower/shift-uint8.ts): the partial
 * convolutions' sums would each be requantized to uint8 (a QLinearAdd per group, inexact, and slower:
 * measured on TSM-ResNet50, 16 shifts, see docs/quantization.md).
 */
const INT8_SHIFT = 'int8: the shift moves the uint8 data itself before the convolution (exact sums, no partial convolutions)';

function whyNot(shift: Shift, index: GraphIndex, channels: number, ctx: PassContext): string | undefined {
  if (ctx.int8) return INT8_SHIFT;
  if (channels <= 0) return 'the channel count is not known at compile time';
  const blocks = whyNotWholeBlocks(shift.attrs.foldChannels, ctx);
  if (blocks) return blocks;
  const readers = index.consumers(shift.outputs[0] as string);
  if (readers.length === 0) return 'the shift output is unused';
  if (!readers.some((r) => BEFORE_CONV.has(r.op))) {
    return `not followed by a convolution (read by ${readers.map((r) => r.op).join(', ')})`;
  }
  return undefined;
}

export const fuseShiftConv: Pass = {
  name: 'fuse-shift-conv',
  description: 'compile each temporal shift into the convolution after it: only the shifted channel groups move',
  run(module, ctx: PassContext) {
    const { graph } = module;
    const index = indexGraph(graph);
    const splitter = new ChannelSplitter(graph, index, new Map(module.weights));
    let fired = 0;
    for (const node of graph.nodes) {
      if (node.op === 'cache_shift') {
        fired += fuseCacheShift(node, splitter, index, ctx) ? 1 : 0;
        continue;
      }
      if (node.op !== 'shift') continue;
      const input = node.inputs[0] as string;
      const channels = splitter.channels(input);
      const reason = whyNot(node, index, channels, ctx);
      if (reason) {
        ctx.explain({ pass: this.name, site: node.name, span: node.span, fired: false, reason });
        continue;
      }
      const groups = shiftGroups(node, channels);
      const outParts = moveGroups(node, input, groups, splitter);
      splitter.setParts(node.outputs[0] as string, { ranges: groups.ranges, ids: outParts });
      splitter.markReplaced(node);
      fired++;
      ctx.explain({
        pass: this.name,
        site: node.name,
        span: node.span,
        fired: true,
        reason: `${groups.ranges.length - 1} of ${groups.ranges.length} channel groups shifted apart (${groups.ranges.map(rangeLabel).join(' ')})`,
      });
    }
    if (fired === 0) return unchanged(module);
    const kept = graph.nodes.map((n) => readSplitInputs(n, splitter));
    const { graph: rewritten, weights } = splitter.finish(kept.flat());
    const sorted = topoSort(rewritten);
    const cleaned = removeDeadNodes.run({ graph: sorted, weights }, ctx).module;
    return { module: cleaned, changed: true };
  },
};

/**
 * The shift's output groups, each moved group a time_shift. Usually the producers write the moved
 * channels as one group and the kept ones as another, and each time_shift copies its channel range
 * out of the moved group. When the input already comes in exactly the shift's groups (an in-place
 * shift earlier feeds this one through a residual sum), each time_shift reads its group whole, so
 * nothing has to be rejoined.
 */
function moveGroups(node: Shift, input: string, groups: ShiftGroups, splitter: ChannelSplitter): string[] {
  const moved = groups.ranges.filter((_, i) => groups.offsets[i] !== 0);
  const movedSpan = { start: 0, end: (moved.at(-1) as ChannelRange).end };
  const keptRange = groups.ranges.find((_, i) => groups.offsets[i] === 0);
  const ready = splitter.forwardRanges(input);
  const asGroups = ready !== undefined && sameRanges(ready, groups.ranges);
  const inParts = asGroups ? splitter.split(input, groups.ranges) : splitter.split(input, keptRange ? [movedSpan, keptRange] : [movedSpan]);
  return groups.ranges.map((r, i) => {
    const offset = groups.offsets[i] as number;
    if (offset === 0) return inParts.at(-1) as string;
    const out = splitter.partValue(node.outputs[0] as string, r);
    const whole = asGroups || (r.start === movedSpan.start && r.end === movedSpan.end);
    splitter.add({
      op: 'time_shift',
      id: `${node.id}${rangeLabel(r)}`,
      name: `${node.name}${rangeLabel(r)}`,
      inputs: [(asGroups ? inParts[i] : inParts[0]) as string],
      outputs: [out],
      params: {},
      attrs: { frames: node.attrs.frames, offset, ...(whole ? {} : { channels: [r.start, r.end] as const }) },
      span: node.span,
    });
    return out;
  });
}

/**
 * Online form: y = [cache, x[fold:]] and the next cache is x[:fold]. The producers write x[:fold]
 * apart; the convolution reads the cache input and x[fold:] directly, and the next cache is x[:fold]
 * itself (an Identity to give the graph output its name): no copy of the frame.
 */
function fuseCacheShift(node: CacheShift, s: ChannelSplitter, index: GraphIndex, ctx: PassContext): boolean {
  const [input, cache] = node.inputs as [string, string];
  const [output, next] = node.outputs as [string, string];
  const channels = s.channels(input);
  const reason = whyNotCache(node, channels, index.consumers(output), ctx);
  if (reason) {
    ctx.explain({ pass: 'fuse-shift-conv', site: node.name, span: node.span, fired: false, reason });
    return false;
  }
  const ranges = [
    { start: 0, end: node.attrs.foldChannels },
    { start: node.attrs.foldChannels, end: channels },
  ];
  const [moved, kept] = s.split(input, ranges) as [string, string];
  s.setParts(output, { ranges, ids: [cache, kept] });
  s.add({ op: 'identity', id: `${node.id}/next`, name: `${node.name}/next`, inputs: [moved], outputs: [next], params: {}, attrs: {}, span: node.span });
  s.markReplaced(node);
  ctx.explain({
    pass: 'fuse-shift-conv',
    site: node.name,
    span: node.span,
    fired: true,
    reason: `cache read in place of channels ${rangeLabel(ranges[0] as ChannelRange)}`,
  });
  return true;
}

/** Why an online shift (cache_shift) is not fused, or undefined when it is. */
function whyNotCache(node: CacheShift, channels: number, readers: readonly IRNode[], ctx: PassContext): string | undefined {
  if (ctx.int8) return INT8_SHIFT;
  if (channels <= 0) return 'unknown channel count';
  const reason = whyNotWholeBlocks(node.attrs.foldChannels, ctx);
  if (reason) return reason;
  if (!readers.some((r) => BEFORE_CONV.has(r.op))) return 'not followed by a convolution';
  return undefined;
}

/**
 * Forward step for one original node whose inputs may now be split: a convolution sums partial
 * convolutions over the groups; per-channel ops run per group. Returns the nodes that replace it
 * (the node itself when nothing applies; it then reads the whole value, rebuilt by a concat).
 */
function readSplitInputs(node: IRNode, s: ChannelSplitter): IRNode[] {
  if (s.isReplaced(node)) return [node];
  const first = node.inputs[0];
  const parts = first === undefined ? undefined : s.partsOf(first);
  if (!parts) return [node];
  if (node.op === 'conv' && node.attrs.groups === 1 && node.params['weight']) return partialConvs(node, parts, s);
  if (splitsOperandsAlike(node)) {
    // Split the other operand too (backwards, by its producers), so the sum stays in groups.
    const full = node.inputs.every((i) => s.value(i).shape.length === s.value(first as string).shape.length && s.channels(i) === s.channels(first as string));
    if (!full) return [node];
    for (const input of node.inputs) if (!sameGroups(s, input, parts.ranges)) s.split(input, parts.ranges);
  } else if (node.op === 'conv') {
    if (!isDepthwise(node.attrs, s.channels(first as string))) return [node];
  } else if (!isPerChannel(node)) {
    return [node];
  }
  s.split(node.outputs[0] as string, parts.ranges);
  return [];
}

function sameGroups(s: ChannelSplitter, id: string, ranges: readonly ChannelRange[]): boolean {
  const p = s.partsOf(id);
  return p !== undefined && sameRanges(p.ranges, ranges);
}

function partialConvs(conv: NodeOf<'conv'>, parts: Parts, s: ChannelSplitter): IRNode[] {
  s.partialSum(conv, undefined, parts, conv.outputs[0] as string);
  s.markReplaced(conv);
  return [];
}
