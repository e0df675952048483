/**
 * examples/vivit_fe.vnet equals the PyTorch reference of scenic's ViViT factorised encoder (refs/zoo/vivit_fe.py):
 * the reference's own state_dict loads unchanged, and the logits of a random clip agree within 1e-4 on every
 * target. This exercises a token sequence end to end: the frames' cls tokens regrouped by `unframes` into a plain
 * [N, T/2, D] sequence that gets its own cls token, positions and attention over all of it.
 */
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompileTarget } from '../../compiler/compile.js';
import { summarize } from '../../compiler/summary/summary.js';
import { checkProgram, EXAMPLES, graphParams, pickGraph } from '../conformance/harness.js';
import { type Reference, referenceError, referenceStateDict, removeReferences, runReference, torchMissing } from './token-reference.js';

const EXAMPLE = 'vivit_fe';
const TARGETS: readonly CompileTarget[] = ['portable', 'ort-cpu', 'ort-cuda', 'web'];

afterAll(removeReferences);

describe.skipIf(torchMissing() !== undefined)('vivit_fe.vnet against the PyTorch reference', () => {
  let ref: Reference;
  beforeAll(() => {
    // 6 frames of 32x32: 3 token frames of 2 x 2 patches; D = 48, 3 heads, 2 + 2 blocks, 10 classes, 2 clips.
    ref = runReference(EXAMPLE, ['--variant', 'tiny', '--frames', '6', '--size', '32', '--classes', '10', '--batch', '2']);
  }, 120_000);

  it.each(TARGETS)(
    '--target %s equals the reference within 1e-4',
    async (target) => {
      expect(await referenceError(EXAMPLE, ref, target)).toBeLessThan(1e-4);
    },
    120_000,
  );

  it("ViViT-B at full size: the reference state_dict's names, shapes and parameter count", () => {
    const checked = checkProgram(path.join(EXAMPLES, `${EXAMPLE}.vnet`));
    expect(checked.diagnostics).toEqual([]);
    const graph = pickGraph(checked.graphs, EXAMPLE);
    const expected = referenceStateDict(EXAMPLE, 'ref.VivitFactorisedEncoder(768, 12, 3072, 12, 4, 400, 32, 224)');
    const actual = Object.fromEntries([...graphParams(graph)].map(([name, p]) => [name, [...p.shape]]));
    expect(actual).toEqual(expected.names);
    expect(summarize(graph).totalParams).toBe(expected.params);
  }, 120_000);
});
