/**
 * The passes stay exact on the video zoo's ops: each zoo example compiled small at -O0 and -O2 (portable and
 * ort-cpu) gives the same outputs, with every batchnorm folded; and a temporal shift whose input comes
 * through silu, a squeeze-excitation gate, arithmetic and a channel concat is still fused into the
 * convolution after it (the channel split runs through the new element-wise ops), equal to -O0.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProgram } from '../../compiler/check/check-program.js';
import type { IRGraph } from '../../compiler/ir/graph.js';
import { EXAMPLES, runCpu } from '../conformance/harness.js';
import { TOLERANCE, build, cachedWeights, describeDiagnostics, graphOf, livelyWeights, opCounts, scaledMaxDiff, seededInput } from './helpers.js';

function small(file: string, sets: Readonly<Record<string, string>>): IRGraph {
  const checked = checkProgram(path.join(EXAMPLES, file), { sets });
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  const graph = checked.graphs.at(-1);
  if (errors.length > 0 || !graph) throw new Error(describeDiagnostics(errors).join('\n'));
  return graph;
}

async function expectO2EqualsO0(graph: IRGraph, inputs: readonly (readonly number[])[]): Promise<void> {
  const weights = cachedWeights(livelyWeights(3));
  const feeds = inputs.map((dims, i) => seededInput(dims, 5 + i));
  for (const target of ['portable', 'ort-cpu'] as const) {
    const ref = await runCpu(build(graph, { target, level: 0, weights }).bytes, feeds);
    const optimized = build(graph, { target, level: 2, weights });
    const out = await runCpu(optimized.bytes, feeds);
    expect(ref.data.every(Number.isFinite)).toBe(true);
    expect(scaledMaxDiff(out.data, ref.data), target).toBeLessThanOrEqual(TOLERANCE);
    expect(opCounts(optimized.optimized.graph)['batchnorm'] ?? 0).toBe(0);
  }
}

describe('zoo examples: -O2 equals -O0, every batchnorm folded', () => {
  it.each<{ file: string; sets: Record<string, string>; inputs: number[][] }>([
    { file: 'x3d_s.vnet', sets: { T: '4', SIZE: '32', CLASSES: '5' }, inputs: [[1, 3, 4, 32, 32]] },
    { file: 's3d.vnet', sets: { T: '8', SIZE: '32', CLASSES: '5', POOL_T: '1', POOL_S: '1' }, inputs: [[1, 3, 8, 32, 32]] },
    {
      file: 'slowfast_r50.vnet',
      sets: { T: '8', SIZE: '32', CLASSES: '5' },
      inputs: [
        [1, 3, 1, 32, 32],
        [1, 3, 8, 32, 32],
      ],
    },
  ])(
    '$file',
    async ({ file, sets, inputs }) => {
      await expectO2EqualsO0(small(file, sets), inputs);
    },
    300_000,
  );
});

describe('a shift fed through the new element-wise ops', () => {
  const NET = `const T = 2
network net(clip: f32[N, T, 3, 8, 8]) -> f32[N, 5] {
  let x = clip |> frames |> conv2d(32, k=3, pad=1, bias=false) as c1 |> batchnorm as bn1 |> silu
  let gate = x |> avgpool(8) |> conv2d(32, k=1) as se |> hardsigmoid
  let y = concat(x * gate, (1 - x) / 2 |> leaky_relu, axis=1)
  return y |> shift(fold=1/4, dir=both) |> conv2d(16, k=3, pad=1) as c2 |> tanh |> hardswish |> global_avgpool |> linear(5) as fc |> consensus
}
`;

  it('is fused into the convolution after it, and -O2 equals -O0', async () => {
    const graph = graphOf(NET);
    const optimized = build(graph, { target: 'portable', level: 2 });
    expect(opCounts(optimized.optimized.graph)['shift'] ?? 0).toBe(0);
    await expectO2EqualsO0(graph, [[2, 2, 3, 8, 8]]);
  }, 120_000);
});
