import { describe, expect, it } from 'vitest';
import type { IRGraph } from '../../compiler/ir/graph.js';
import { fuseShiftConv } from '../../compiler/passes/fuse-shift-conv.js';
import { build, graphOf, moduleOf, opCounts, paramNames, runFirst, runPass, scaledMaxDiff, seededInput, TOLERANCE } from './helpers.js';

// shift(x) -> conv  =>  conv(W[:, kept], x_kept) + conv(W[:, a], time_shift(x_a, +1)) + conv(W[:, b], time_shift(x_b, -1))
const BOTH = `const T = 3

network net(clip: f32[N, T, 8, 4, 4]) -> f32[N * T, 8, 4, 4] {
  return clip |> frames |> shift(fold=1/8, dir=both) |> conv2d(8, k=1, bias=false) as conv
}
`;

const PAST = `const T = 3

network net(clip: f32[N, T, 8, 4, 4]) -> f32[N * T, 4, 4, 4] {
  return clip |> frames |> shift(fold=1/8, dir=past) |> conv2d(4, k=3, pad=1) as conv
}
`;

// The residual shift: the stem's conv writes the shifted groups apart, so nothing is sliced or shifted whole.
const RESIDUAL = `const T = 3

network net(clip: f32[N, T, 3, 4, 4]) -> f32[N * T, 8, 4, 4] {
  let x = clip |> frames |> conv2d(8, k=1) as stem
  let y = x |> shift(fold=1/4, dir=both) |> conv2d(8, k=3, pad=1, bias=false) as conv |> batchnorm as bn
  return relu(x + y)
}
`;

// batchnorm and relu between the shift and a depthwise conv: the groups travel through them.
const THROUGH = `const T = 3

network net(clip: f32[N, T, 3, 4, 4]) -> f32[N * T, 8, 2, 2] {
  let x = clip |> frames |> conv2d(8, k=1) as stem |> relu
  return x
    |> shift(fold=1/4, dir=past)
    |> batchnorm as bn
    |> relu
    |> conv2d(8, k=3, pad=1, groups=8) as dw
    |> conv2d(8, k=3, stride=2, pad=1) as pw
}
`;

// 128 channels: fold 16, a whole onnxruntime CPU channel block.
const WIDE = `const T = 2

network net(clip: f32[N, T, 128, 2, 2]) -> f32[N * T, 8, 2, 2] {
  return clip |> frames |> shift(fold=1/8, dir=both) |> conv2d(8, k=1) as conv
}
`;

const NO_CONV = `const T = 3

network net(clip: f32[N, T, 8, 4, 4]) -> f32[N * T, 8] {
  return clip |> frames |> shift(fold=1/8, dir=both) |> global_avgpool
}
`;

// Every channel moves: fold = C/2 each way, or fold_div = 1 past-only.
const HALF_BOTH = `const T = 3

network net(clip: f32[N, T, 3, 4, 4]) -> f32[N * T, 8, 4, 4] {
  return clip |> frames |> conv2d(8, k=1) as stem |> shift(fold=1/2, dir=both) |> conv2d(8, k=1, bias=false) as conv
}
`;

const ALL_PAST = `const T = 3

network net(clip: f32[N, T, 3, 4, 4]) -> f32[N * T, 8, 4, 4] {
  return clip |> frames |> conv2d(8, k=1) as stem |> shift(fold_div=1, dir=past) |> conv2d(8, k=1, bias=false) as conv
}
`;

// Two in-place shifts with different folds: the second one's groups cut across the first one's, and the
// first shift's output is reached twice (through the relu branch and the shortcut).
const TWO_FOLDS = `const T = 2

network net(clip: f32[N, T, 3, 4, 4]) -> f32[N * T, 8, 4, 4] {
  let x = clip |> frames |> conv2d(8, k=1) as stem
  x = x |> shift(fold=1/4, dir=past)
  x = relu(x + (x |> relu))
  return x |> shift(fold=1/2, dir=past) |> conv2d(8, k=1) as conv
}
`;

function timeShifts(graph: IRGraph): string[] {
  return graph.nodes.flatMap((n) => {
    if (n.op !== 'time_shift') return [];
    const channels = n.attrs.channels ? ` channels=${n.attrs.channels.join(':')}` : '';
    return [`${n.name} offset=${n.attrs.offset}${channels} of ${n.inputs[0] ?? ''}`];
  });
}

async function expectSameNumbers(text: string, dims: readonly number[], passes: readonly string[]): Promise<void> {
  const graph = graphOf(text);
  const input = seededInput(dims);
  for (const target of ['portable', 'ort-cpu'] as const) {
    const ref = await runFirst(build(graph, { target, level: 0 }).bytes, input);
    const out = await runFirst(build(graph, { target, passes }).bytes, input);
    expect(out.dims).toEqual(ref.dims);
    expect(scaledMaxDiff(out.data, ref.data), target).toBeLessThanOrEqual(TOLERANCE);
  }
}

describe('fuse-shift-conv', () => {
  it('bi-directional: [0:f) from t+1, [f:2f) from t-1, the conv sums three partial convolutions', () => {
    const run = runPass(fuseShiftConv, moduleOf(graphOf(BOTH)));
    expect(run.changed).toBe(true);
    const g = run.module.graph;
    // The frames node cannot write groups apart, so the moved [0:2] and kept [2:8] channels are sliced
    // out of it; each time_shift copies its range of [0:2]; no whole-tensor shift or concat.
    expect(opCounts(g)).toEqual({ add: 2, conv: 3, frames: 1, slice: 2, time_shift: 2 });
    expect(timeShifts(g)).toEqual(['shift_0[0:1] offset=1 channels=0:1 of frames_0/slice[0:2]', 'shift_0[1:2] offset=-1 channels=1:2 of frames_0/slice[0:2]']);
    expect(paramNames(g)).toEqual(['conv.weight[:,0:1]', 'conv.weight[:,1:2]', 'conv.weight[:,2:8]']);
    expect(g.outputs).toEqual(['conv']);
    expect(run.notes).toEqual([{ pass: 'fuse-shift-conv', site: 'shift_0', fired: true, reason: '2 of 3 channel groups shifted apart ([0:1] [1:2] [2:8])' }]);
    expect(runPass(fuseShiftConv, run.module).changed).toBe(false);
  });

  it('slices the weight columns exactly: conv.weight[:,a:b] holds columns a..b of every row', () => {
    const module = moduleOf(graphOf(BOTH));
    const run = runPass(fuseShiftConv, module);
    const w = module.weights.get('conv.weight') as Float32Array;
    const cols = run.module.weights.get('conv.weight[:,2:8]') as Float32Array;
    expect(cols.length).toBe(8 * 6);
    for (let o = 0; o < 8; o++) for (let i = 0; i < 6; i++) expect(cols[o * 6 + i]).toBe(w[o * 8 + 2 + i]);
  });

  it('past-only: one group [0:f) from t-1, the bias added once', () => {
    const run = runPass(fuseShiftConv, moduleOf(graphOf(PAST)));
    const g = run.module.graph;
    expect(opCounts(g)).toEqual({ add: 1, conv: 2, frames: 1, slice: 2, time_shift: 1 });
    expect(timeShifts(g)).toEqual(['shift_0[0:1] offset=-1 of frames_0/slice[0:1]']);
    expect(paramNames(g)).toEqual(['conv.bias', 'conv.weight[:,0:1]', 'conv.weight[:,1:8]']);
    expect(g.nodes.filter((n) => n.params['bias']).map((n) => n.name)).toEqual(['conv/partial[0:1]']);
    expect(run.notes).toEqual([{ pass: 'fuse-shift-conv', site: 'shift_0', fired: true, reason: '1 of 2 channel groups shifted apart ([0:1] [1:8])' }]);
    expect(runPass(fuseShiftConv, run.module).changed).toBe(false);
  });

  it('residual shift: the producer writes the groups apart (row slices of its weight), no slice and no shift remain', () => {
    const run = runPass(fuseShiftConv, moduleOf(graphOf(RESIDUAL)));
    const g = run.module.graph;
    const ops = opCounts(g);
    expect(ops['shift']).toBeUndefined();
    expect(ops['slice']).toBeUndefined();
    expect(ops['time_shift']).toBe(2);
    // The whole tensor is rebuilt only where the graph output needs it.
    expect(ops['concat']).toBe(1);
    expect(g.nodes.find((n) => n.op === 'concat')?.outputs).toEqual(g.outputs);
    const names = paramNames(g);
    // Moved [0:4] (both groups, one tensor) and kept [4:8].
    expect(names.filter((n) => n.startsWith('stem.weight'))).toEqual(['stem.weight[0:4]', 'stem.weight[4:8]']);
    // The conv's rows follow the residual sum's groups, its columns the shifted groups.
    expect(names).toContain('conv.weight[0:4][:,0:2]');
    expect(names).not.toContain('stem.weight');
    expect(runPass(fuseShiftConv, run.module).changed).toBe(false);
  });

  it('passes the groups through batchnorm and relu into a depthwise conv', () => {
    const run = runPass(fuseShiftConv, moduleOf(graphOf(THROUGH)));
    const g = run.module.graph;
    const ops = opCounts(g);
    expect(ops['shift']).toBeUndefined();
    expect(ops['time_shift']).toBe(1);
    expect(ops['concat']).toBeUndefined();
    expect(ops['slice']).toBeUndefined();
    expect(paramNames(g)).toEqual(
      expect.arrayContaining(['bn.weight[0:2]', 'bn.running_var[2:8]', 'dw.weight[0:2]', 'dw.weight[2:8]', 'pw.weight[:,0:2]', 'pw.weight[:,2:8]']),
    );
    expect(g.nodes.filter((n) => n.op === 'conv' && n.name.startsWith('dw')).map((n) => (n.op === 'conv' ? n.attrs.groups : 0))).toEqual([2, 6]);
  });

  it('on ort-cpu, fuses only folds that fill whole channel blocks of 16 (else the plain shift is cheaper)', () => {
    const narrow = runPass(fuseShiftConv, moduleOf(graphOf(BOTH)), 'ort-cpu');
    expect(narrow.changed).toBe(false);
    expect(narrow.notes).toEqual([
      {
        pass: 'fuse-shift-conv',
        site: 'shift_0',
        fired: false,
        reason: "fold of 1 channels is not a multiple of onnxruntime's CPU channel block (16): the plain shift is cheaper here",
      },
    ]);
    const wide = runPass(fuseShiftConv, moduleOf(graphOf(WIDE)), 'ort-cpu');
    expect(wide.changed).toBe(true);
    expect(wide.notes[0]?.reason).toBe('2 of 3 channel groups shifted apart ([0:16] [16:32] [32:128])');
  });

  it('skips a shift that no convolution reads, saying why', () => {
    const run = runPass(fuseShiftConv, moduleOf(graphOf(NO_CONV)));
    expect(run.changed).toBe(false);
    expect(opCounts(run.module.graph)).toEqual({ frames: 1, global_avgpool: 1, shift: 1 });
    expect(run.notes).toEqual([{ pass: 'fuse-shift-conv', site: 'shift_0', fired: false, reason: 'not followed by a convolution (read by global_avgpool)' }]);
  });

  it('skips a shift whose output nobody reads', () => {
    const graph = graphOf(NO_CONV);
    const shift = graph.nodes.find((n) => n.op === 'shift');
    const pool = graph.nodes.find((n) => n.op === 'global_avgpool');
    if (!shift || !pool) throw new Error('snippet changed');
    // The pool reads the frames directly; the shift is left dangling.
    const dangling: IRGraph = { ...graph, nodes: graph.nodes.map((n) => (n === pool ? { ...n, inputs: ['frames_0'] } : n)) };
    const run = runPass(fuseShiftConv, moduleOf(dangling));
    expect(run.changed).toBe(false);
    expect(run.notes).toEqual([{ pass: 'fuse-shift-conv', site: 'shift_0', fired: false, reason: 'the shift output is unused' }]);
  });

  it.each([
    ['both', BOTH, [2, 3, 8, 4, 4]],
    ['past, bias, k=3', PAST, [2, 3, 8, 4, 4]],
    ['residual', RESIDUAL, [2, 3, 3, 4, 4]],
    ['through batchnorm, relu, depthwise', THROUGH, [2, 3, 3, 4, 4]],
    ['fold 16 (fused on ort-cpu too)', WIDE, [1, 2, 128, 2, 2]],
  ] as const)('gives the same numbers (%s)', async (_name, text, dims) => {
    await expectSameNumbers(text, dims, ['fuse-shift-conv']);
  });

  // A value already split into other groups is sliced once, however many readers ask for the new groups
  // (found by random-programs: two readers once gave two nodes named 'shift_0/slice[0:4]').
  it('cuts a value already split into other groups once, however many readers ask', async () => {
    const run = runPass(fuseShiftConv, moduleOf(graphOf(TWO_FOLDS)));
    expect(timeShifts(run.module.graph)).toEqual(['shift_0[0:2] offset=-1 of stem[0:2]', 'shift_1[0:4] offset=-1 of relu_1[0:4]']);
    await expectSameNumbers(TWO_FOLDS, [1, 2, 3, 4, 4], ['fuse-shift-conv']);
  });

  // When every channel moves (2*fold == C, or fold == C past-only) there is no kept group: no empty
  // [C:C] group, which would be a zero-channel conv that onnxruntime refuses.
  it.each([
    ['fold=1/2, dir=both', HALF_BOTH],
    ['fold_div=1, dir=past', ALL_PAST],
  ] as const)('moves every channel without an empty channel group (%s)', async (_name, text) => {
    const run = runPass(fuseShiftConv, moduleOf(graphOf(text)));
    const empty = Object.values(run.module.graph.values)
      .filter((v) => v.shape[1] === 0)
      .map((v) => v.id);
    expect(empty).toEqual([]);
    await expectSameNumbers(text, [1, 3, 3, 4, 4], ['fuse-shift-conv']);
  });
});
