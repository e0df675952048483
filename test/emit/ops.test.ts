import { describe, expect, it } from 'vitest';
import { sym, type Dim } from '../../compiler/ir/dim.js';
import type { IRGraph, IRParam } from '../../compiler/ir/graph.js';
import { initParam } from '../../compiler/weights/init.js';
import { GraphMaker, checkWithOnnx, emitBytes, hasPythonOnnx, maxAbsDiff, opTypes, param, randomTensor, runModel } from './helpers.js';
import { naiveConsensus, naiveConv2d, naiveGelu, naiveLinear } from './reference.js';

const N = sym('N');
const nt = (t: number): Dim => ({ factor: t, symbols: ['N'] });

/** The value the emitter writes for a parameter (seeded init, seed 0). */
const w = (p: IRParam): Float32Array => initParam(p, 0);

function oneOp(build: (g: GraphMaker) => void): IRGraph {
  const g = new GraphMaker();
  build(g);
  return g.build('net', ['x'], ['y']);
}

async function run(graph: IRGraph, dims: readonly number[], opset = 17): Promise<{ x: Float32Array; y: Float32Array; dims: readonly number[] }> {
  const x = randomTensor(dims, 3);
  const { y } = await runModel(emitBytes(graph, { opset }), { x });
  if (!y) throw new Error('no output y');
  return { x: x.data, y: y.data, dims: y.dims };
}

describe('conv', () => {
  it.each([
    { groups: 1, stride: 1, pad: 1, dilation: 1, bias: true },
    { groups: 2, stride: 2, pad: 0, dilation: 1, bias: false },
    { groups: 4, stride: 1, pad: 2, dilation: 2, bias: true },
  ])('matches a direct convolution (%o)', async ({ groups, stride, pad, dilation, bias }) => {
    const weight = param('conv.weight', [8, 4 / groups, 3, 3], { kind: 'kaiming_normal_fan_out' });
    const b = param('conv.bias', [8], { kind: 'uniform_fan_in', fanIn: 36 });
    const spec = { outChannels: 8, kernel: [3, 3], stride: [stride, stride], pads: [pad, pad, pad, pad], dilation: [dilation, dilation], groups } as const;
    const out = Math.floor((6 + 2 * pad - dilation * 2 - 1) / stride) + 1;
    const graph = oneOp((g) => {
      g.value('x', [N, 4, 6, 6]);
      g.node('conv', 'conv', ['x'], { id: 'y', shape: [N, 8, out, out] }, { spatialDims: 2, ...spec }, bias ? { weight, bias: b } : { weight });
    });
    const { x, y, dims } = await run(graph, [2, 4, 6, 6]);
    const ref = naiveConv2d(x, [2, 4, 6, 6], w(weight), bias ? w(b) : undefined, spec);
    expect(dims).toEqual(ref.dims);
    expect(maxAbsDiff(y, ref.data)).toBeLessThan(1e-5);
  });
});

describe('normalization', () => {
  it('batchnorm uses the running statistics', async () => {
    const ps = {
      weight: param('bn.weight', [3]),
      bias: param('bn.bias', [3]),
      running_mean: param('bn.running_mean', [3]),
      running_var: param('bn.running_var', [3], { kind: 'ones' }),
    };
    const graph = oneOp((g) => {
      g.value('x', [N, 3, 2, 2]);
      g.node('batchnorm', 'bn', ['x'], { id: 'y', shape: [N, 3, 2, 2] }, { eps: 1e-5 }, ps);
    });
    const { x, y } = await run(graph, [2, 3, 2, 2]);
    const [gamma, beta, mean, variance] = [w(ps.weight), w(ps.bias), w(ps.running_mean), w(ps.running_var)];
    const ref = x.map((v, i) => {
      const c = Math.floor(i / 4) % 3;
      return ((v - mean[c]!) / Math.sqrt(variance[c]! + 1e-5)) * gamma[c]! + beta[c]!;
    });
    expect(maxAbsDiff(y, ref)).toBeLessThan(1e-5);
  });

  it('layernorm normalizes the last axis', async () => {
    const ps = { weight: param('ln.weight', [4]), bias: param('ln.bias', [4]) };
    const graph = oneOp((g) => {
      g.value('x', [N, 3, 4]);
      g.node('layernorm', 'ln', ['x'], { id: 'y', shape: [N, 3, 4] }, { eps: 1e-6 }, ps);
    });
    const { x, y } = await run(graph, [2, 3, 4]);
    const [gamma, beta] = [w(ps.weight), w(ps.bias)];
    const ref = new Float32Array(x.length);
    for (let r = 0; r < x.length / 4; r++) {
      const row = x.slice(r * 4, r * 4 + 4);
      const mean = row.reduce((a, b) => a + b, 0) / 4;
      const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / 4;
      row.forEach((v, i) => (ref[r * 4 + i] = ((v - mean) / Math.sqrt(variance + 1e-6)) * gamma[i]! + beta[i]!));
    }
    expect(maxAbsDiff(y, ref)).toBeLessThan(1e-5);
  });
});

describe('activations', () => {
  const elementwise = (op: 'relu' | 'relu6' | 'sigmoid' | 'gelu' | 'identity') =>
    oneOp((g) => {
      g.value('x', [N, 5]);
      g.node(op, op, ['x'], { id: 'y', shape: [N, 5] }, {});
    });

  it.each([
    ['relu', (v: number) => Math.max(0, v)],
    ['relu6', (v: number) => Math.min(6, Math.max(0, v * 10))],
    ['sigmoid', (v: number) => 1 / (1 + Math.exp(-v))],
    ['identity', (v: number) => v],
  ] as const)('%s', async (op, f) => {
    const scale = op === 'relu6' ? 10 : 1;
    const x = randomTensor([3, 5], 11);
    const xs = { data: x.data.map((v) => v * scale), dims: x.dims };
    const { y } = await runModel(emitBytes(elementwise(op)), { x: xs });
    expect(
      maxAbsDiff(
        y!.data,
        x.data.map((v) => f(v)),
      ),
    ).toBeLessThan(1e-6);
  });

  it.each([17, 20])('gelu is the exact erf form at opset %i', async (opset) => {
    const bytes = emitBytes(elementwise('gelu'), { opset });
    expect(opTypes(bytes)).toEqual(opset >= 20 ? ['Gelu'] : ['Div', 'Erf', 'Add', 'Mul', 'Mul']);
    const x = { data: randomTensor([3, 5], 5).data.map((v) => v * 4), dims: [3, 5] };
    const { y } = await runModel(bytes, { x });
    expect(maxAbsDiff(y!.data, x.data.map(naiveGelu))).toBeLessThan(1e-5);
  });

  it('softmax over an axis', async () => {
    const graph = oneOp((g) => {
      g.value('x', [N, 3, 4]);
      g.node('softmax', 'sm', ['x'], { id: 'y', shape: [N, 3, 4] }, { axis: 1 });
    });
    const { x, y } = await run(graph, [2, 3, 4]);
    const ref = new Float32Array(x.length);
    for (let b = 0; b < 2; b++)
      for (let j = 0; j < 4; j++) {
        const at = (i: number) => b * 12 + i * 4 + j;
        const sum = [0, 1, 2].reduce((s, i) => s + Math.exp(x[at(i)]!), 0);
        for (let i = 0; i < 3; i++) ref[at(i)] = Math.exp(x[at(i)]!) / sum;
      }
    expect(maxAbsDiff(y, ref)).toBeLessThan(1e-6);
  });
});

describe('pooling', () => {
  it('maxpool 3x3 stride 2 pad 1', async () => {
    const graph = oneOp((g) => {
      g.value('x', [N, 1, 4, 4]);
      g.node('maxpool', 'pool', ['x'], { id: 'y', shape: [N, 1, 2, 2] }, { kernel: [3, 3], stride: [2, 2], pads: [1, 1, 1, 1] });
    });
    const { x, y } = await run(graph, [1, 1, 4, 4]);
    const at = (r: number, c: number) => (r < 0 || c < 0 || r > 3 || c > 3 ? -Infinity : x[r * 4 + c]!);
    const ref = [0, 1].flatMap((i) => [0, 1].map((j) => Math.max(...[-1, 0, 1].flatMap((a) => [-1, 0, 1].map((b) => at(2 * i + a, 2 * j + b))))));
    expect(maxAbsDiff(y, ref)).toBe(0);
  });

  it.each([true, false])('avgpool 3x3 pad 1 (count_include_pad %s)', async (countIncludePad) => {
    const graph = oneOp((g) => {
      g.value('x', [N, 1, 3, 3]);
      g.node('avgpool', 'pool', ['x'], { id: 'y', shape: [N, 1, 3, 3] }, { kernel: [3, 3], stride: [1, 1], pads: [1, 1, 1, 1], countIncludePad });
    });
    const { x, y } = await run(graph, [1, 1, 3, 3]);
    const ref = [0, 1, 2].flatMap((i) =>
      [0, 1, 2].map((j) => {
        const inside = [-1, 0, 1].flatMap((a) => [-1, 0, 1].map((b) => [i + a, j + b] as const)).filter(([r, c]) => r >= 0 && c >= 0 && r < 3 && c < 3);
        const sum = inside.reduce((s, [r, c]) => s + x[r * 3 + c]!, 0);
        return sum / (countIncludePad ? 9 : inside.length);
      }),
    );
    expect(maxAbsDiff(y, ref)).toBeLessThan(1e-6);
  });

  it('global_avgpool gives [B, C]', async () => {
    const graph = oneOp((g) => {
      g.value('x', [N, 3, 2, 2]);
      g.node('global_avgpool', 'gap', ['x'], { id: 'y', shape: [N, 3] }, {});
    });
    const { x, y, dims } = await run(graph, [2, 3, 2, 2]);
    expect(dims).toEqual([2, 3]);
    const ref = Array.from({ length: 6 }, (_, i) => (x[i * 4]! + x[i * 4 + 1]! + x[i * 4 + 2]! + x[i * 4 + 3]!) / 4);
    expect(maxAbsDiff(y, ref)).toBeLessThan(1e-6);
  });
});

describe('linear', () => {
  const weight = param('fc.weight', [3, 4], { kind: 'uniform_fan_in', fanIn: 4 });
  const bias = param('fc.bias', [3], { kind: 'uniform_fan_in', fanIn: 4 });

  it('2-D input: one Gemm(transB=1) on the [out, in] weight', async () => {
    const graph = oneOp((g) => {
      g.value('x', [N, 4]);
      g.node('linear', 'fc', ['x'], { id: 'y', shape: [N, 3] }, { outFeatures: 3 }, { weight, bias });
    });
    expect(opTypes(emitBytes(graph))).toEqual(['Gemm']);
    const { x, y } = await run(graph, [5, 4]);
    expect(maxAbsDiff(y, naiveLinear(x, 4, w(weight), w(bias)))).toBeLessThan(1e-5);
  });

  it('3-D input: MatMul on Transpose(weight), then Add(bias); the initializer keeps its name and layout', async () => {
    const graph = oneOp((g) => {
      g.value('x', [N, 2, 4]);
      g.node('linear', 'fc', ['x'], { id: 'y', shape: [N, 2, 3] }, { outFeatures: 3 }, { weight, bias });
    });
    expect(opTypes(emitBytes(graph))).toEqual(['Transpose', 'MatMul', 'Add']);
    const { x, y } = await run(graph, [3, 2, 4]);
    expect(maxAbsDiff(y, naiveLinear(x, 4, w(weight), w(bias)))).toBeLessThan(1e-5);
  });

  it('without bias', async () => {
    const graph = oneOp((g) => {
      g.value('x', [N, 4]);
      g.node('linear', 'fc', ['x'], { id: 'y', shape: [N, 3] }, { outFeatures: 3 }, { weight });
    });
    const { x, y } = await run(graph, [2, 4]);
    expect(maxAbsDiff(y, naiveLinear(x, 4, w(weight), undefined))).toBeLessThan(1e-5);
  });
});

describe('shape ops', () => {
  it('frames, unframes, consensus round the batch through N*T symbolically', async () => {
    const g = new GraphMaker();
    g.value('x', [N, 4, 3, 2]);
    g.node('frames', 'frames', ['x'], { id: 'f', shape: [nt(4), 3, 2] }, { frames: 4 });
    g.node('unframes', 'unframes', ['f'], { id: 'u', shape: [N, 4, 3, 2] }, { frames: 4 });
    g.node('frames', 'frames2', ['u'], { id: 'f2', shape: [nt(4), 3, 2] }, { frames: 4 });
    g.node('consensus', 'consensus', ['f2'], { id: 'y', shape: [N, 3, 2] }, { frames: 4 });
    const graph = g.build('net', ['x'], ['y']);
    for (const clips of [1, 3]) {
      const { x, y, dims } = await run(graph, [clips, 4, 3, 2]);
      expect(dims).toEqual([clips, 3, 2]);
      expect(maxAbsDiff(y, naiveConsensus(x, 4, 6))).toBeLessThan(1e-6);
    }
  });

  it('flatten, reshape, transpose, mean', async () => {
    const g = new GraphMaker();
    g.value('x', [N, 2, 3, 4]);
    g.node('flatten', 'flat', ['x'], { id: 'a', shape: [N, 24] }, { axis: 1 });
    g.node('reshape', 'rs', ['a'], { id: 'b', shape: [N, 6, 4] }, { shape: [N, 6, 4] });
    g.node('transpose', 'tr', ['b'], { id: 'c', shape: [N, 4, 6] }, { perm: [0, 2, 1] });
    g.node('mean', 'mean', ['c'], { id: 'y', shape: [N, 4] }, { axes: [2] });
    const graph = g.build('net', ['x'], ['y']);
    for (const opset of [17, 18, 21]) {
      const { x, y, dims } = await run(graph, [2, 2, 3, 4], opset);
      expect(dims).toEqual([2, 4]);
      const ref = [0, 1].flatMap((b) => [0, 1, 2, 3].map((j) => [0, 1, 2, 3, 4, 5].reduce((s, i) => s + x[b * 24 + i * 4 + j]!, 0) / 6));
      expect(maxAbsDiff(y, ref)).toBeLessThan(1e-6);
    }
  });

  it('add broadcasts', async () => {
    const g = new GraphMaker();
    g.value('x', [N, 3]);
    g.node('relu', 'r', ['x'], { id: 'r', shape: [N, 3] }, {});
    g.node('add', 'add', ['x', 'r'], { id: 'y', shape: [N, 3] }, {});
    const { x, y } = await run(g.build('net', ['x'], ['y']), [2, 3]);
    expect(
      maxAbsDiff(
        y,
        x.map((v) => v + Math.max(0, v)),
      ),
    ).toBeLessThan(1e-6);
  });
});

describe.skipIf(!hasPythonOnnx())('onnx.checker (full_check) on every lowering', () => {
  it('a graph with every non-token op passes', () => {
    const g = new GraphMaker();
    const conv = { weight: param('c.weight', [4, 3, 3, 3]), bias: param('c.bias', [4]) };
    const bn = ['weight', 'bias', 'running_mean', 'running_var'].map((r) => [r, param(`bn.${r}`, [4], { kind: 'ones' })] as const);
    g.value('x', [N, 4, 3, 6, 6]);
    g.node('frames', 'frames', ['x'], { id: 'f', shape: [nt(4), 3, 6, 6] }, { frames: 4 });
    g.node('shift', 'shift', ['f'], { id: 's', shape: [nt(4), 3, 6, 6] }, { frames: 4, foldChannels: 1, direction: 'both' });
    g.node(
      'conv',
      'c',
      ['s'],
      { id: 'c', shape: [nt(4), 4, 6, 6] },
      { spatialDims: 2, outChannels: 4, kernel: [3, 3], stride: [1, 1], pads: [1, 1, 1, 1], dilation: [1, 1], groups: 1 },
      conv,
    );
    g.node('batchnorm', 'bn', ['c'], { id: 'b', shape: [nt(4), 4, 6, 6] }, { eps: 1e-5 }, Object.fromEntries(bn));
    g.node('relu6', 'r6', ['b'], { id: 'r', shape: [nt(4), 4, 6, 6] }, {});
    g.node('maxpool', 'mp', ['r'], { id: 'm', shape: [nt(4), 4, 3, 3] }, { kernel: [2, 2], stride: [2, 2], pads: [0, 0, 0, 0] });
    g.node('avgpool', 'ap', ['m'], { id: 'a', shape: [nt(4), 4, 3, 3] }, { kernel: [3, 3], stride: [1, 1], pads: [1, 1, 1, 1], countIncludePad: false });
    g.node('global_avgpool', 'gap', ['a'], { id: 'p', shape: [nt(4), 4] }, {});
    g.node('linear', 'fc', ['p'], { id: 'l', shape: [nt(4), 5] }, { outFeatures: 5 }, { weight: param('fc.weight', [5, 4]), bias: param('fc.bias', [5]) });
    g.node('gelu', 'act', ['l'], { id: 'ge', shape: [nt(4), 5] }, {});
    g.node('consensus', 'cons', ['ge'], { id: 'co', shape: [N, 5] }, { frames: 4 });
    g.node('softmax', 'sm', ['co'], { id: 'y', shape: [N, 5] }, { axis: -1 });
    expect(checkWithOnnx(emitBytes(g.build('net', ['x'], ['y'])))).toBe('');
  });
});
