import { describe, expect, it } from 'vitest';
import type { IRModule } from '../../compiler/passes/pass.js';
import { foldBatchNorm } from '../../compiler/passes/fold-batchnorm.js';
import { build, graphOf, moduleOf, nodeNamed, opCounts, paramNames, runFirst, runPass, scaledMaxDiff, seededInput, TOLERANCE } from './helpers.js';

// conv(x) -> batchnorm  =>  conv'(x)   with W' = W * g/sqrt(v+eps), b' = (b - m) * g/sqrt(v+eps) + beta
const CONV_BN = `network net(x: f32[N, 2, 5, 5]) -> f32[N, 3, 5, 5] {
  return x |> conv2d(3, k=3, pad=1, bias=false) as conv |> batchnorm(eps=0.001) as bn |> relu
}
`;

const CONV_BIAS_BN = `network net(x: f32[N, 4, 5, 5]) -> f32[N, 4, 3, 3] {
  return x |> conv2d(4, k=3, stride=2, pad=1, groups=2) as conv |> batchnorm as bn
}
`;

const TWO_READERS = `network net(x: f32[N, 2, 4, 4]) -> f32[N, 3, 4, 4] {
  let c = x |> conv2d(3, k=1) as conv
  return (c |> batchnorm as bn) + c
}
`;

const RELU_FIRST = `network net(x: f32[N, 2, 4, 4]) -> f32[N, 3, 4, 4] {
  let c = x |> conv2d(3, k=1) as conv
  return (c |> relu) + (c |> batchnorm as bn)
}
`;

// X3D's inner step: a depthwise 3-D conv, its batchnorm, then silu (and the squeeze-excitation gate on the folded value).
const CONV3D_BN_SILU = `network net(x: f32[N, 4, 3, 5, 5]) -> f32[N, 4, 3, 5, 5] {
  let y = x |> conv3d(4, k=3, pad=1, groups=4, bias=false) as conv |> batchnorm as bn
  let s = y |> avgpool((3, 5, 5)) |> conv3d(4, k=1) as gate |> sigmoid
  return y * s |> silu
}
`;

function data(module: IRModule, name: string): Float32Array {
  const d = module.weights.get(name);
  if (!d) throw new Error(`no weights '${name}'`);
  return d;
}

describe('fold-batchnorm', () => {
  it('folds the batchnorm into the conv: conv.folded_weight and conv.folded_bias, batchnorm gone', () => {
    const module = moduleOf(graphOf(CONV_BN));
    const run = runPass(foldBatchNorm, module);
    expect(run.changed).toBe(true);
    expect(opCounts(run.module.graph)).toEqual({ conv: 1, relu: 1 });
    expect(paramNames(run.module.graph)).toEqual(['conv.folded_bias', 'conv.folded_weight']);
    expect([...run.module.weights.keys()].sort()).toEqual(['conv.folded_bias', 'conv.folded_weight']);
    // The conv writes the batchnorm's value; the relu reads it unchanged.
    const conv = nodeNamed(run.module.graph, 'conv');
    expect(conv.outputs).toEqual(['bn']);
    expect(run.module.graph.values['conv']).toBeUndefined();
    // The span joins the conv's and the batchnorm's.
    const bnSpan = nodeNamed(module.graph, 'bn').span;
    expect(conv.span.start).toBe(nodeNamed(module.graph, 'conv').span.start);
    expect(conv.span.end).toBe(bnSpan.end);
    expect(run.notes).toEqual([{ pass: 'fold-batchnorm', site: 'conv', fired: true, reason: 'folded bn' }]);
    expect(runPass(foldBatchNorm, run.module).changed).toBe(false);
  });

  it('computes W * g / sqrt(v + eps) and (b - m) * g / sqrt(v + eps) + beta per output channel', () => {
    const module = moduleOf(graphOf(CONV_BIAS_BN));
    const run = runPass(foldBatchNorm, module);
    const [W, b, g, beta, m, v] = ['conv.weight', 'conv.bias', 'bn.weight', 'bn.bias', 'bn.running_mean', 'bn.running_var'].map((n) =>
      data(module, n),
    ) as Float32Array[];
    const newW = data(run.module, 'conv.folded_weight');
    const newB = data(run.module, 'conv.folded_bias');
    const perChannel = 2 * 3 * 3; // grouped: [4, 4/2, 3, 3]
    expect(newW.length).toBe(4 * perChannel);
    for (let o = 0; o < 4; o++) {
      const scale = (g?.[o] as number) / Math.sqrt((v?.[o] as number) + 1e-5);
      expect(newB[o]).toBeCloseTo(((b?.[o] as number) - (m?.[o] as number)) * scale + (beta?.[o] as number), 5);
      for (let i = 0; i < perChannel; i++) expect(newW[o * perChannel + i]).toBeCloseTo((W?.[o * perChannel + i] as number) * scale, 5);
    }
    expect(nodeNamed(run.module.graph, 'conv').params['bias']?.shape).toEqual([4]);
  });

  it('skips a conv whose output has another reader, saying so', () => {
    const run = runPass(foldBatchNorm, moduleOf(graphOf(TWO_READERS)));
    expect(run.changed).toBe(false);
    expect(opCounts(run.module.graph)).toEqual({ add: 1, batchnorm: 1, conv: 1 });
    expect(run.notes).toEqual([{ pass: 'fold-batchnorm', site: 'conv', fired: false, reason: 'conv output has 2 readers; folding would change the others' }]);
  });

  // Readers [relu, batchnorm]: the batchnorm is found wherever it is among the readers.
  it('gives the same reason when the batchnorm is not the first reader', () => {
    const run = runPass(foldBatchNorm, moduleOf(graphOf(RELU_FIRST)));
    expect(run.changed).toBe(false);
    expect(run.notes).toEqual([{ pass: 'fold-batchnorm', site: 'conv', fired: false, reason: 'conv output has 2 readers; folding would change the others' }]);
  });

  it('skips a conv whose output is a graph output', () => {
    const graph = graphOf(CONV_BN);
    const run = runPass(foldBatchNorm, moduleOf({ ...graph, outputs: [...graph.outputs, 'conv'] }));
    expect(run.changed).toBe(false);
    expect(run.notes).toEqual([{ pass: 'fold-batchnorm', site: 'conv', fired: false, reason: 'conv output is a graph output' }]);
  });

  it('has no candidate (and no note) where no conv meets a batchnorm', () => {
    const run = runPass(
      foldBatchNorm,
      moduleOf(graphOf('network net(x: f32[N, 2, 4, 4]) -> f32[N, 3, 4, 4] {\n  return x |> conv2d(3, k=1) as conv |> relu\n}\n')),
    );
    expect(run.changed).toBe(false);
    expect(run.notes).toEqual([]);
  });

  it('folds the batchnorm of a depthwise conv3d that silu and a gate read', () => {
    const run = runPass(foldBatchNorm, moduleOf(graphOf(CONV3D_BN_SILU)));
    expect(run.changed).toBe(true);
    expect(opCounts(run.module.graph)).toEqual({ avgpool: 1, conv: 2, mul: 1, sigmoid: 1, silu: 1 });
  });

  it.each([
    ['no bias', CONV_BN, [2, 2, 5, 5]],
    ['bias, grouped, strided', CONV_BIAS_BN, [2, 4, 5, 5]],
    ['conv3d, batchnorm, gate, silu', CONV3D_BN_SILU, [2, 4, 3, 5, 5]],
  ] as const)('gives the same numbers with non-trivial statistics (%s)', async (_name, text, dims) => {
    const graph = graphOf(text);
    const input = seededInput(dims);
    for (const target of ['portable', 'ort-cpu'] as const) {
      const ref = await runFirst(build(graph, { target, level: 0 }).bytes, input);
      const out = await runFirst(build(graph, { target, passes: ['fold-batchnorm'] }).bytes, input);
      expect(scaledMaxDiff(out.data, ref.data)).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});
