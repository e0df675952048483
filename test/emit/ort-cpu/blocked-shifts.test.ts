import { describe, expect, it } from 'vitest';
import { keepShiftsBlocked } from '../../../compiler/emit/ort-cpu/blocked-shifts.js';
import { NCHWC_DOMAIN } from '../../../ort/nchwc-block.js';
import type { IGraphProto, INodeProto, ITensorProto } from '../../../compiler/emit/proto.js';

/** int64 initializer, as onnxruntime saves it (raw little-endian bytes). */
function int64s(name: string, values: number[]): ITensorProto {
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return { name, dataType: 7, dims: [values.length], rawData: raw };
}

function nchwc(opType: string, input: string, output: string, attrs: Record<string, number>): INodeProto {
  const attribute = Object.entries(attrs).map(([name, i]) => ({ name, i, type: 2 }));
  return { opType, domain: NCHWC_DOMAIN, input: [input], output: [output], name: `${opType}_${output}`, attribute };
}

const NEXT = [0, -1, 0, 0, 1, 0];

/**
 * conv -> ReorderOutput -> Reshape [N, 4, C*8*8] -> Pad(pads) -> Reshape -> ReorderInput -> conv2,
 * the chain onnxruntime saves for a fused time shift of a C-channel group.
 */
interface ChainOptions {
  channels?: number;
  /** The clip view: [N, 4, C*8*8] (default) or this shape. */
  view?: number[];
  pads?: number[];
  extraReader?: string;
  reorderReader?: string;
}

function shiftChain(options: ChainOptions = {}): IGraphProto {
  const c = options.channels ?? 32;
  const node: INodeProto[] = [
    { opType: 'Conv', domain: NCHWC_DOMAIN, input: ['x', 'w'], output: ['blocked'], name: 'conv' },
    nchwc('ReorderOutput', 'blocked', 'plain', { channels: c, channels_last: 0 }),
    { opType: 'Reshape', input: ['plain', 'clips_shape'], output: ['clips'], name: 's/to_clips' },
    {
      opType: 'Pad',
      input: ['clips', 'pads'],
      output: ['padded'],
      name: 's[0:32]/next/pad',
      attribute: [{ name: 'mode', s: new TextEncoder().encode('constant'), type: 3 }],
    },
    { opType: 'Reshape', input: ['padded', 'frames_shape'], output: ['shifted'], name: 's/to_frames' },
    nchwc('ReorderInput', 'shifted', 'shifted_blocked', { channels_last: 0 }),
    { opType: 'Conv', domain: NCHWC_DOMAIN, input: ['shifted_blocked', 'w2'], output: ['y'], name: 'conv2' },
  ];
  if (options.extraReader) node.push({ opType: 'Transpose', input: [options.extraReader], output: ['other'], name: 'other' });
  if (options.reorderReader) node.push({ opType: 'Relu', input: [options.reorderReader], output: ['other2'], name: 'other2' });
  return {
    node,
    initializer: [int64s('clips_shape', options.view ?? [-1, 4, c * 64]), int64s('frames_shape', [-1, c, 8, 8]), int64s('pads', options.pads ?? NEXT)],
    output: [{ name: 'y' }],
    valueInfo: [{ name: 'plain' }, { name: 'clips' }, { name: 'shifted_blocked' }, { name: 'y' }],
  };
}

/**
 * conv -> ReorderOutput(64 channels) -> one Reshape [N, 4, 64*64] read by two Pads, each moving a
 * channel range [0, width) / [32, 64) one frame (as a crop of the flat frame row), each into its conv.
 */
function movedPair(width: number): IGraphProto {
  const pixels = 64;
  const crop = (from: number, to: number, time: number[]) => [0, time[0] as number, -from * pixels, 0, time[1] as number, -(64 - to) * pixels];
  const padNode = (name: string, pads: string, out: string): INodeProto => ({ opType: 'Pad', input: ['clips', pads], output: [`${out}5`], name });
  return {
    node: [
      { opType: 'Conv', domain: NCHWC_DOMAIN, input: ['x', 'w'], output: ['blocked'], name: 'conv' },
      nchwc('ReorderOutput', 'blocked', 'plain', { channels: 64, channels_last: 0 }),
      { opType: 'Reshape', input: ['plain', 'clips_shape'], output: ['clips'], name: 'view' },
      padNode('s[0:32]/next/pad', 'pads_a', 'a'),
      { opType: 'Reshape', input: ['a5', 'frames_a'], output: ['a'], name: 'a/to_frames' },
      padNode('s[32:64]/prev/pad', 'pads_b', 'b'),
      { opType: 'Reshape', input: ['b5', 'frames_b'], output: ['b'], name: 'b/to_frames' },
      nchwc('ReorderInput', 'a', 'a_blocked', { channels_last: 0 }),
      nchwc('ReorderInput', 'b', 'b_blocked', { channels_last: 0 }),
      { opType: 'Conv', domain: NCHWC_DOMAIN, input: ['a_blocked', 'wa'], output: ['ya'], name: 'conv_a' },
      { opType: 'Conv', domain: NCHWC_DOMAIN, input: ['b_blocked', 'wb'], output: ['yb'], name: 'conv_b' },
    ],
    initializer: [
      int64s('clips_shape', [-1, 4, 64 * pixels]),
      int64s('frames_a', [-1, width, 8, 8]),
      int64s('frames_b', [-1, 32, 8, 8]),
      int64s('pads_a', crop(0, width, [-1, 1])),
      int64s('pads_b', crop(32, 64, [1, -1])),
    ],
    output: [{ name: 'ya' }, { name: 'yb' }],
  };
}

const ops = (g: IGraphProto) => (g.node ?? []).map((n) => `${n.opType}(${(n.input ?? []).join(',')})`);

/** These hand-built graphs' Pads all move frames, as the IR provenance of an emitted model would say. */
function blockedWithEveryPad(graph: IGraphProto, block: number) {
  const pads = new Set((graph.node ?? []).filter((n) => n.opType === 'Pad').map((n) => n.name ?? ''));
  return keepShiftsBlocked(graph, block, pads);
}

describe('keepShiftsBlocked', () => {
  it('drops both reorders: the Pad moves frames of the blocked data', () => {
    const result = blockedWithEveryPad(shiftChain(), 16);
    expect(result.sites).toEqual(['s[0:32]/next/pad']);
    expect(ops(result.graph)).toEqual(['Conv(x,w)', 'Reshape(blocked,clips_shape)', 'Pad(clips,pads)', 'Reshape(padded,frames_shape)', 'Conv(shifted,w2)']);
    expect((result.graph.valueInfo ?? []).map((v) => v.name)).toEqual(['clips', 'y']);
  });

  it('works for any block that divides the group (AVX2: 8)', () => {
    expect(blockedWithEveryPad(shiftChain({ channels: 24 }), 8).sites).toEqual(['s[0:32]/next/pad']);
  });

  it('keeps a group that does not fill whole blocks: the blocked data would carry padding channels', () => {
    const result = blockedWithEveryPad(shiftChain({ channels: 24 }), 16);
    expect(result.sites).toEqual([]);
    expect(result.skipped).toEqual([{ site: 's[0:32]/next/pad', reason: '24 channels are not a whole number of NCHWc blocks (16)' }]);
    expect(ops(result.graph)).toHaveLength(7);
  });

  it('takes a [N, T, C, H, W] view of the frames as well', () => {
    const view = [-1, 4, 32, 8, 8];
    expect(blockedWithEveryPad(shiftChain({ view, pads: [0, -1, 0, 0, 0, 0, 1, 0, 0, 0] }), 16).sites).toEqual(['s[0:32]/next/pad']);
  });

  it('keeps a Pad that moves channels too (not whole frames)', () => {
    const view = [-1, 4, 32, 8, 8];
    const pads = [0, -1, 0, 0, 0, 0, 1, 16, 0, 0];
    expect(blockedWithEveryPad(shiftChain({ view, pads }), 16).skipped).toEqual([
      { site: 's[0:32]/next/pad', reason: 'it moves something other than whole frames of whole blocks' },
    ]);
  });

  it('keeps a view whose rows are not whole frames', () => {
    const view = [-1, 8, 32 * 32];
    expect(blockedWithEveryPad(shiftChain({ view }), 16).skipped).toEqual([{ site: 's[0:32]/next/pad', reason: 'it moves something other than whole frames' }]);
  });

  it('keeps the chain when its result is also read in the plain layout', () => {
    expect(blockedWithEveryPad(shiftChain({ extraReader: 'shifted' }), 16).skipped).toEqual([
      { site: 's[0:32]/next/pad', reason: "its result reaches Transpose 'other', which needs the plain layout" },
    ]);
  });

  it('keeps the ReorderOutput for its other readers', () => {
    const result = blockedWithEveryPad(shiftChain({ reorderReader: 'plain' }), 16);
    expect(result.sites).toHaveLength(1);
    expect(ops(result.graph)).toContain('ReorderOutput(blocked)');
    expect(ops(result.graph)).toContain('Reshape(blocked,clips_shape)');
  });

  it('takes the moved groups as block ranges of one tensor, through one shared view', () => {
    const result = blockedWithEveryPad(movedPair(32), 16);
    expect(result.sites).toEqual(['s[0:32]/next/pad', 's[32:64]/prev/pad']);
    expect(ops(result.graph)).toEqual([
      'Conv(x,w)',
      'Reshape(blocked,clips_shape)',
      'Pad(clips,pads_a)',
      'Reshape(a5,frames_a)',
      'Pad(clips,pads_b)',
      'Reshape(b5,frames_b)',
      'Conv(a,wa)',
      'Conv(b,wb)',
    ]);
  });

  it('keeps ranges that split a block, and with them every shift of the shared view', () => {
    const result = blockedWithEveryPad(movedPair(24), 16);
    expect(result.sites).toEqual([]);
    expect(result.skipped).toEqual([
      { site: 's[0:32]/next/pad', reason: 'it moves something other than whole frames of whole blocks' },
      { site: 's[32:64]/prev/pad', reason: 'it moves something other than whole frames of whole blocks' },
    ]);
  });

  it('keeps a ReorderOutput whose result is also a graph output', () => {
    const graph = shiftChain();
    const result = blockedWithEveryPad({ ...graph, output: [...(graph.output ?? []), { name: 'plain' }] }, 16);
    expect(result.sites).toHaveLength(1);
    expect(ops(result.graph)).toContain('ReorderOutput(blocked)');
  });

  it('leaves a graph without such chains as it was', () => {
    const graph: IGraphProto = { node: [{ opType: 'Pad', input: ['x', 'p'], output: ['y'], name: 'p' }], initializer: [] };
    const result = blockedWithEveryPad(graph, 16);
    expect(result.graph).toBe(graph);
    expect(result.skipped).toEqual([{ site: 'p', reason: "it reads 'x', which is not in the blocked layout" }]);
  });
});
