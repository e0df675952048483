/**
 * The proof that the passes are exact: every example with a time axis, compiled small (--set) at -O0
 * and at -O2, for the portable and ort-cpu targets, gives the same outputs on onnxruntime CPU for the
 * same seeded weights (batchnorm statistics away from the identity, so folding shows) and the same
 * clip: max |O2 - O0| <= 1e-4 * max(1, max |O0|).
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProgram } from '../../compiler/check/check-program.js';
import type { IRGraph } from '../../compiler/ir/graph.js';
import { EXAMPLES } from '../conformance/harness.js';
import { TOLERANCE, build, cachedWeights, describeDiagnostics, livelyWeights, opCounts, runFirst, scaledMaxDiff, seededInput } from './helpers.js';

interface Example {
  readonly file: string;
  readonly sets: Readonly<Record<string, string>>;
  readonly input: readonly number[];
  /** Ops -O2 must leave out on the portable target. */
  readonly gone: readonly string[];
}

const RESNET = { T: '2', SIZE: '32', CLASSES: '10' };
const RESNET_INPUT = [1, 2, 3, 32, 32];
// 2x2 patches of 16 (even, for local/global), two frames, a narrow single block.
const TIMESFORMER = { T: '2', SIZE: '32', DIM: '16', HEADS: '2', DEPTH: '1', CLASSES: '5' };
const TIMESFORMER_INPUT = [1, 3, 2, 32, 32];

const CASES: readonly Example[] = [
  { file: 'tsm_resnet50.vnet', sets: RESNET, input: RESNET_INPUT, gone: ['batchnorm', 'identity', 'shift'] },
  { file: 'tsm_resnet50_inplace.vnet', sets: RESNET, input: RESNET_INPUT, gone: ['batchnorm', 'identity', 'shift'] },
  { file: 'tsm_resnet50_online.vnet', sets: RESNET, input: RESNET_INPUT, gone: ['batchnorm', 'identity', 'shift'] },
  { file: 'tsm_mobilenetv2_online.vnet', sets: RESNET, input: RESNET_INPUT, gone: ['batchnorm', 'identity', 'shift'] },
  { file: 'tsn_resnet50.vnet', sets: RESNET, input: RESNET_INPUT, gone: ['batchnorm', 'identity'] },
  { file: 'timesformer_base.vnet', sets: TIMESFORMER, input: TIMESFORMER_INPUT, gone: ['identity'] },
  { file: 'timesformer_joint_small.vnet', sets: TIMESFORMER, input: TIMESFORMER_INPUT, gone: ['identity'] },
  { file: 'timesformer_space_small.vnet', sets: TIMESFORMER, input: TIMESFORMER_INPUT, gone: ['identity'] },
  { file: 'timesformer_axial_small.vnet', sets: TIMESFORMER, input: TIMESFORMER_INPUT, gone: ['identity'] },
  { file: 'timesformer_local_global_small.vnet', sets: TIMESFORMER, input: TIMESFORMER_INPUT, gone: ['identity'] },
];

function small(example: Example): IRGraph {
  const checked = checkProgram(path.join(EXAMPLES, example.file), { sets: example.sets });
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  const graph = checked.graphs.at(-1);
  if (errors.length > 0 || !graph) throw new Error(describeDiagnostics(errors).join('\n'));
  return graph;
}

describe.each(CASES)('examples/$file: -O2 equals -O0', (example) => {
  it('on the portable and ort-cpu targets', async () => {
    const graph = small(example);
    const weights = cachedWeights(livelyWeights(3));
    const input = seededInput(example.input, 5);
    for (const target of ['portable', 'ort-cpu'] as const) {
      const ref = await runFirst(build(graph, { target, level: 0, weights }).bytes, input);
      const optimized = build(graph, { target, level: 2, weights });
      const out = await runFirst(optimized.bytes, input);
      expect(out.dims).toEqual(ref.dims);
      expect(ref.data.every(Number.isFinite)).toBe(true);
      expect(scaledMaxDiff(out.data, ref.data), target).toBeLessThanOrEqual(TOLERANCE);
      if (target === 'portable') {
        const ops = opCounts(optimized.optimized.graph);
        for (const op of example.gone) expect(ops[op], `${op} after -O2`).toBeUndefined();
      }
    }
  }, 120_000);
});
