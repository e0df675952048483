/**
 * examples/videomae_vit_s16.vnet equals the PyTorch reference built with the official VideoMAE module structure
 * (refs/zoo/videomae_vit_s16.py): the reference's own state_dict loads unchanged, and the logits of a random clip
 * agree within 1e-4 on every target, with the fixed sin-cos table and with a learned one. At full size the names,
 * shapes and parameter count are the reference's (ViT-S/16: 22,033,936 with a 400-class head).
 */
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompileTarget } from '../../compiler/compile.js';
import { summarize } from '../../compiler/summary/summary.js';
import { checkProgram, EXAMPLES, graphParams, pickGraph } from '../conformance/harness.js';
import { type Reference, referenceError, referenceStateDict, removeReferences, runReference, torchMissing } from './token-reference.js';

const EXAMPLE = 'videomae_vit_s16';
const FILE = path.join(EXAMPLES, `${EXAMPLE}.vnet`);
const TARGETS: readonly CompileTarget[] = ['portable', 'ort-cpu', 'ort-cuda', 'web'];
// 4 frames of 32x32 (2 x 2 x 2 tubelets), D = 48, 3 heads, 2 blocks, 10 classes, a batch of 2 clips.
const SMALL = ['--frames', '4', '--size', '32', '--classes', '10', '--batch', '2'];

afterAll(removeReferences);

function fullSize(sets: Readonly<Record<string, string>> = {}) {
  const checked = checkProgram(FILE, { sets });
  expect(checked.diagnostics).toEqual([]);
  return pickGraph(checked.graphs, EXAMPLE);
}

describe('videomae_vit_s16.vnet', () => {
  it("has VideoMAE ViT-S/16's 22,033,936 parameters with a 400-class head (vnetc summary, no weights)", () => {
    expect(summarize(fullSize()).totalParams).toBe(22_033_936);
  });

  describe.skipIf(torchMissing() !== undefined).each(['tiny', 'tiny_learned'])('against the PyTorch reference (%s)', (variant) => {
    let ref: Reference;
    beforeAll(() => {
      ref = runReference(EXAMPLE, [...SMALL, '--variant', variant]);
    }, 120_000);

    it.each(TARGETS)(
      '--target %s equals the reference within 1e-4',
      async (target) => {
        expect(await referenceError(EXAMPLE, ref, target)).toBeLessThan(1e-4);
      },
      120_000,
    );
  });

  it.skipIf(torchMissing() !== undefined).each([
    ['ViT-S/16', {}, 'ref.VisionTransformer(384, 6, 12, 400, 16, 224, False)'],
    ['ViT-B/16', { DIM: '768', HEADS: '12' }, 'ref.VisionTransformer(768, 12, 12, 400, 16, 224, False)'],
  ] as const)(
    "%s at full size: the reference state_dict's names, shapes and parameter count",
    (_name, sets, build) => {
      const graph = fullSize(sets);
      const expected = referenceStateDict(EXAMPLE, build);
      const actual = Object.fromEntries([...graphParams(graph)].map(([name, p]) => [name, [...p.shape]]));
      expect(actual).toEqual(expected.names);
      expect(summarize(graph).totalParams).toBe(expected.params);
    },
    120_000,
  );
});
