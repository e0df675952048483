// ReorderOutput -> Reshape -> Pad(time) -> Reshape -> ReorderInput  =>  Reshape -> Pad(time) -> Reshape
//
// onnxruntime's CPU convolutions keep activations in a blocked layout (NCHWc: [N, C/b, H, W, b]) and
// bracket every operator that does not know that layout with reorders. A time shift of a channel
// group is such an operator, yet it only moves whole frames: frame n's values are one contiguous run
// of C*H*W floats in either layout, and channels [k*b, m*b) are one run inside it in either layout.
// So on groups that fill whole blocks, the Pad that moves frames (and crops a range of blocks) is
// exact on the blocked data itself, and both reorders around it go.
import type { IAttributeProto, IGraphProto, INodeProto, ITensorProto } from '../proto.js';
import { NCHWC_DOMAIN } from './nchwc-block.js';

export interface BlockedShifts {
  readonly graph: IGraphProto;
  /** The Pad nodes (time shifts) that now run on blocked data. */
  readonly sites: string[];
  /** Pad nodes left as they were, each with the reason. */
  readonly skipped: { readonly site: string; readonly reason: string }[];
}

interface Site {
  readonly reorderOut: INodeProto;
  readonly toClips: INodeProto;
  readonly pad: INodeProto;
  readonly toFrames: INodeProto;
  readonly reorderIns: INodeProto[];
}

/** Rewrites every time-shift Pad bracketed by reorders that can run on blocked data (see above). */
export function keepShiftsBlocked(graph: IGraphProto, block: number): BlockedShifts {
  const nodes = graph.node ?? [];
  const producer = new Map<string, INodeProto>();
  const readers = new Map<string, INodeProto[]>();
  for (const node of nodes) {
    for (const out of node.output ?? []) producer.set(out, node);
    for (const input of node.input ?? []) readers.set(input, [...(readers.get(input) ?? []), node]);
  }
  const initializers = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  const outputs = new Set((graph.output ?? []).map((o) => o.name ?? ''));
  const find = { producer: (v: string) => producer.get(v), readers: (v: string) => (outputs.has(v) ? [] : readers.get(v) ?? []) };

  const matched: Site[] = [];
  const skipped: { site: string; reason: string }[] = [];
  for (const node of nodes) {
    if (node.opType !== 'Pad' || (node.domain ?? '') !== '') continue;
    const site = matchSite(node, find, initializers, block);
    if (typeof site === 'string') skipped.push({ site: node.name ?? '', reason: site });
    else matched.push(site);
  }
  // A view of the frames may be shared by several shifts (onnxruntime merges equal Reshapes): it
  // reads blocked data only if every one of its readers is a shift that stays blocked.
  const matchedPads = new Set(matched.map((s) => s.pad));
  const sharedOk = (s: Site) => find.readers(s.toClips.output?.[0] as string).every((r) => matchedPads.has(r));
  for (const s of matched.filter((s) => !sharedOk(s))) skipped.push({ site: s.pad.name ?? '', reason: 'its input view has other readers' });
  const sites = matched.filter(sharedOk);
  if (sites.length === 0) return { graph, sites: [], skipped };

  const removed = new Set<INodeProto>();
  const renamed = new Map<string, string>();
  const rewired = new Map<INodeProto, string>();
  for (const s of sites) {
    rewired.set(s.toClips, s.reorderOut.input?.[0] as string);
    for (const r of s.reorderIns) {
      removed.add(r);
      renamed.set(r.output?.[0] as string, s.toFrames.output?.[0] as string);
    }
  }
  for (const s of sites) {
    const plain = s.reorderOut.output?.[0] as string;
    const stillRead = outputs.has(plain) || find.readers(plain).some((r) => !rewired.has(r));
    if (!stillRead) removed.add(s.reorderOut);
  }
  const gone = new Set([...removed].flatMap((n) => n.output ?? []));
  const node = nodes
    .filter((n) => !removed.has(n))
    .map((n) => {
      const first = rewired.get(n);
      const inputs = (n.input ?? []).map((v, i) => (i === 0 && first !== undefined ? first : renamed.get(v) ?? v));
      return { ...n, input: inputs };
    });
  const valueInfo = (graph.valueInfo ?? []).filter((v) => !gone.has(v.name ?? ''));
  return { graph: { ...graph, node, valueInfo }, sites: sites.map((s) => s.pad.name ?? ''), skipped };
}

interface Lookup {
  producer(value: string): INodeProto | undefined;
  readers(value: string): INodeProto[];
}

function matchSite(pad: INodeProto, find: Lookup, initializers: Map<string, ITensorProto>, block: number): Site | string {
  if ((pad.input ?? []).length !== 2 || stringAttr(pad, 'mode', 'constant') !== 'constant') return 'not a zero-filling Pad';
  const toClips = find.producer(pad.input?.[0] as string);
  const reorderOut = toClips && find.producer(toClips.input?.[0] as string);
  if (!toClips || toClips.opType !== 'Reshape' || !reorderOut || !isReorder(reorderOut, 'ReorderOutput')) {
    return 'its input does not come straight from a blocked convolution';
  }
  const channels = intAttr(reorderOut, 'channels', 0);
  if (channels <= 0 || channels % block !== 0) return `${channels} channels are not a whole number of NCHWc blocks (${block})`;
  const next = find.readers(pad.output?.[0] as string);
  const toFrames = next.length === 1 ? next[0] : undefined;
  const reorderIns = toFrames ? find.readers(toFrames.output?.[0] as string) : [];
  if (!toFrames || toFrames.opType !== 'Reshape' || reorderIns.length === 0 || !reorderIns.every((n) => isReorder(n, 'ReorderInput'))) {
    return 'its result is not read by blocked convolutions only';
  }
  const frame = int64Values(initializers.get(toFrames.input?.[1] as string));
  const view = int64Values(initializers.get(toClips.input?.[1] as string));
  const pads = int64Values(initializers.get(pad.input?.[1] as string));
  const pixels = frame && frame.length === 4 ? product(frame.slice(2)) : 0;
  if (!view || !pads || pixels === 0 || view.length < 3 || product(view.slice(2)) !== channels * pixels) {
    return 'it moves something other than whole frames';
  }
  if (!movesWholeBlocks(pads, view.length, block * pixels, ((frame as number[])[1] as number) * pixels, channels * pixels)) {
    return 'it moves something other than whole frames of whole blocks';
  }
  return { reorderOut, toClips, pad, toFrames, reorderIns };
}

/** The number of elements of known, positive dims (0 when any is not). */
function product(dims: readonly number[]): number {
  return dims.every((d) => d > 0) ? dims.reduce((a, b) => a * b, 1) : 0;
}

/**
 * Pads that move frames along axis 1 of the [N, T, ...] view and otherwise at most crop a flat
 * frame row ([N, T, C*H*W]) to whole blocks: a range of blocks is one run of memory per frame in
 * the blocked layout, just as a range of channels is in the plain one. `unit` is one block of
 * channels in elements, `kept` and `row` the row lengths after and before the crop.
 */
function movesWholeBlocks(pads: readonly number[], rank: number, unit: number, kept: number, row: number): boolean {
  if (pads.length !== 2 * rank) return false;
  const [begin, end] = [pads[rank - 1] as number, pads[2 * rank - 1] as number];
  const cropped = rank === 3 && begin <= 0 && end <= 0 && begin % unit === 0 && end % unit === 0 && row + begin + end === kept;
  const uncropped = begin === 0 && end === 0 && kept === row;
  const others = pads.every((p, i) => p === 0 || i === 1 || i === rank + 1 || i === rank - 1 || i === 2 * rank - 1);
  return others && (cropped || uncropped);
}

function isReorder(node: INodeProto, opType: string): boolean {
  return node.opType === opType && node.domain === NCHWC_DOMAIN && intAttr(node, 'channels_last', 0) === 0;
}

function attr(node: INodeProto, name: string): IAttributeProto | undefined {
  return (node.attribute ?? []).find((a) => a.name === name);
}

function intAttr(node: INodeProto, name: string, fallback: number): number {
  const a = attr(node, name);
  return a?.i === undefined || a.i === null ? fallback : Number(a.i);
}

function stringAttr(node: INodeProto, name: string, fallback: string): string {
  const a = attr(node, name);
  return a?.s ? new TextDecoder().decode(a.s) : fallback;
}

/** An int64 initializer's values (raw_data or int64_data), or undefined when it is not one. */
export function int64Values(tensor: ITensorProto | undefined): number[] | undefined {
  if (!tensor || tensor.dataType !== 7) return undefined;
  const raw = tensor.rawData;
  if (raw && raw.length > 0) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    return Array.from({ length: raw.length / 8 }, (_, i) => Number(view.getBigInt64(i * 8, true)));
  }
  return (tensor.int64Data ?? []).map((v) => Number(v));
}
