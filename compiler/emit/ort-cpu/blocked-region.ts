// A plain-layout region between onnxruntime's reorders that can run on its blocked (NCHWc) data
// as it is. onnxruntime wraps every operator that does not know its layout in ReorderOutput /
// ReorderInput; some of those operators give the same result on blocked data:
//   - a time shift (Reshape to a view of frames, Pad, Reshape back) moves whole frames, and
//     frame n is one run of memory in either layout (a range of whole channel blocks is one run
//     inside it in either layout, so it may crop one too);
//   - Relu, and Add / Sum of operands of one shape, work element by element.
// The region is grown from a time-shift Pad through such operators up to reorders; anything
// else it touches needs the plain layout, and the region stays as it is.
import type { INodeProto } from '../proto.js';
import { product } from '../../ir/ops/common.js';
import { BLOCKED_ONNX_OPS } from '../../ir/ops/op-facts.js';
import { NCHWC_DOMAIN } from '../../../ort/nchwc-block.js';
import { intAttr, stringAttr, type GraphLookup } from './proto-lookup.js';

export interface BlockedRegion {
  readonly nodes: ReadonlySet<INodeProto>;
  /** ReorderOutput nodes whose (plain) results the region reads. */
  readonly entries: ReadonlySet<INodeProto>;
  /** ReorderInput nodes that read the region's results. */
  readonly exits: ReadonlySet<INodeProto>;
  /** The time-shift Pads in it. */
  readonly pads: readonly INodeProto[];
}

export type RegionResult = { readonly region: BlockedRegion } | { readonly pads: readonly INodeProto[]; readonly reason: string };

/** [C, H, W] of a frame (H and W undefined when not recorded). */
type Frame = readonly [number, number | undefined, number | undefined];

export function regionAround(pad: INodeProto, g: GraphLookup, block: number): RegionResult {
  const nodes = new Set<INodeProto>([pad]);
  const entries = new Set<INodeProto>();
  const exits = new Set<INodeProto>();
  const queue = [pad];
  const fail = (reason: string): RegionResult => ({ pads: [...nodes].filter(isPad), reason });
  for (let node = queue.pop(); node !== undefined; node = queue.pop()) {
    for (const value of dataInputs(node)) {
      const from = g.producer(value);
      if (from && isReorder(from, 'ReorderOutput')) entries.add(from);
      else if (!from) return fail(`it reads '${value}', which is not in the blocked layout`);
      else if (!isMovable(from)) return fail(`it reads ${describe(from)}, which needs the plain layout`);
      else if (!nodes.has(from)) {
        nodes.add(from);
        queue.push(from);
      }
    }
    for (const value of node.output ?? []) {
      if (g.isOutput(value)) return fail(`its result '${value}' is a model output`);
      for (const reader of g.readers(value)) {
        if (isReorder(reader, 'ReorderInput')) exits.add(reader);
        else if (!isMovable(reader)) return fail(`its result reaches ${describe(reader)}, which needs the plain layout`);
        else if (!nodes.has(reader)) {
          nodes.add(reader);
          queue.push(reader);
        }
      }
    }
  }
  const region: BlockedRegion = { nodes, entries, exits, pads: [...nodes].filter(isPad) };
  const reason = whyNotBlocked(region, g, block);
  return reason === undefined ? { region } : { pads: region.pads, reason };
}

/** Checks every value of the region: frames of whole blocks, moved whole, added to their like. */
function whyNotBlocked(region: BlockedRegion, g: GraphLookup, block: number): string | undefined {
  const frames = new Map<string, Frame>();
  for (const entry of region.entries) {
    const channels = intAttr(entry, 'channels', 0);
    if (channels <= 0 || channels % block !== 0) return `${channels} channels are not a whole number of NCHWc blocks (${block})`;
    const out = entry.output?.[0] as string;
    const dims = g.shape(out);
    frames.set(out, [channels, dims?.[2], dims?.[3]]);
  }
  // The saved graph lists nodes in topological order.
  for (const node of (g.graph.node ?? []).filter((n) => region.nodes.has(n))) {
    const reason =
      node.opType === 'Pad' ? checkShift(node, g, frames, block) : node.opType === 'Reshape' ? checkReshape(node, g, region) : checkElementwise(node, frames);
    if (reason !== undefined) return reason;
  }
  for (const exit of region.exits) if (!frames.has(exit.input?.[0] as string)) return 'a reorder reads something other than whole frames';
  return undefined;
}

/** A Reshape is a view of frames read only by Pads, or the view back from a Pad. */
function checkReshape(node: INodeProto, g: GraphLookup, region: BlockedRegion): string | undefined {
  const from = g.producer(node.input?.[0] as string);
  if (from?.opType === 'Pad' && region.nodes.has(from)) return undefined;
  const readers = g.readers(node.output?.[0] as string);
  if (readers.length > 0 && readers.every((r) => r.opType === 'Pad')) return undefined;
  return `${describe(node)} is not part of a time shift`;
}

/** view [N, T, ...] of frames -> Pad (moves frames, may crop whole blocks of a flat row) -> [N*T, C', H, W]. */
function checkShift(pad: INodeProto, g: GraphLookup, frames: Map<string, Frame>, block: number): string | undefined {
  if ((pad.input ?? []).length !== 2 || stringAttr(pad, 'mode', 'constant') !== 'constant') return 'not a zero-filling Pad';
  const view = g.producer(pad.input?.[0] as string);
  const input = frames.get(view?.input?.[0] as string);
  const next = g.readers(pad.output?.[0] as string);
  const back = next.length === 1 && next[0]?.opType === 'Reshape' ? next[0] : undefined;
  if (view?.opType !== 'Reshape' || !input || !back) return 'it is not a view of frames moved and viewed back';
  const viewDims = g.int64s(view.input?.[1] ?? undefined);
  const backDims = g.int64s(back.input?.[1] ?? undefined);
  const pads = g.int64s(pad.input?.[1] ?? undefined);
  const [channels, height, width] = input;
  if (!viewDims || !backDims || !pads || backDims.length !== 4 || viewDims.length < 3) return 'it moves something other than whole frames';
  const [, outChannels, outHeight, outWidth] = backDims as [number, number, number, number];
  const pixels = outHeight * outWidth;
  const sameSize = (height === undefined || height === outHeight) && (width === undefined || width === outWidth);
  if (!sameSize || !(pixels > 0) || product(viewDims.slice(2)) !== channels * pixels) return 'it moves something other than whole frames';
  if (!movesWholeBlocks(pads, viewDims.length, block * pixels, outChannels * pixels, channels * pixels)) {
    return 'it moves something other than whole frames of whole blocks';
  }
  frames.set(back.output?.[0] as string, [outChannels, outHeight, outWidth]);
  return undefined;
}

/** Relu keeps its operand's frames; Add and Sum need operands of one known shape. */
function checkElementwise(node: INodeProto, frames: Map<string, Frame>): string | undefined {
  const operands = (node.input ?? []).map((v) => frames.get(v));
  const [first] = operands;
  if (!first) return `${describe(node)} reads something other than whole frames`;
  if (node.opType !== 'Relu') {
    const known = (f: Frame | undefined) => f !== undefined && f[1] !== undefined && f[2] !== undefined;
    const same = operands.every((f) => known(f) && f?.[0] === first[0] && f?.[1] === first[1] && f?.[2] === first[2]);
    if (!same) return `${describe(node)} may add operands of different shapes`;
  }
  frames.set(node.output?.[0] as string, first);
  return undefined;
}

/**
 * Pads that move frames along axis 1 of the [N, T, ...] view and otherwise at most crop a flat
 * frame row ([N, T, C*H*W]) to whole blocks. `unit` is one block of channels in elements, `kept`
 * and `row` the row lengths after and before the crop.
 */
function movesWholeBlocks(pads: readonly number[], rank: number, unit: number, kept: number, row: number): boolean {
  if (pads.length !== 2 * rank) return false;
  const [begin, end] = [pads[rank - 1] as number, pads[2 * rank - 1] as number];
  const cropped = rank === 3 && begin <= 0 && end <= 0 && begin % unit === 0 && end % unit === 0 && row + begin + end === kept;
  const uncropped = begin === 0 && end === 0 && kept === row;
  const others = pads.every((p, i) => p === 0 || i === 1 || i === rank + 1 || i === rank - 1 || i === 2 * rank - 1);
  return others && (cropped || uncropped);
}

function dataInputs(node: INodeProto): string[] {
  const inputs = node.input ?? [];
  return node.opType === 'Add' || node.opType === 'Sum' ? [...inputs] : inputs.slice(0, 1);
}

function isMovable(node: INodeProto): boolean {
  return (node.domain ?? '') === '' && BLOCKED_ONNX_OPS.has(node.opType ?? '');
}

function isPad(node: INodeProto): boolean {
  return node.opType === 'Pad';
}

export function isReorder(node: INodeProto, opType: 'ReorderInput' | 'ReorderOutput'): boolean {
  return node.opType === opType && node.domain === NCHWC_DOMAIN && intAttr(node, 'channels_last', 0) === 0;
}

/** A node as messages name it: its op type and name. */
export function describe(node: INodeProto): string {
  return `${node.opType ?? '?'} '${node.name ?? ''}'`;
}
