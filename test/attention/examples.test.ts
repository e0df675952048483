/**
 * The TimeSformer examples, shrunk with --set to the fixture configuration, compute the PyTorch
 * reference's logits: the example files and the fixtures describe the same networks.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileVnet } from './compile.js';
import { clip, fixture, FIXTURE_SETS } from './fixtures.js';
import { maxAbsDiff, runModel } from './harness.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');
const CASES: readonly (readonly [string, string])[] = [
  ['timesformer_space_small.vnet', 'space'],
  ['timesformer_joint_small.vnet', 'joint'],
  ['timesformer_base.vnet', 'divided'],
  ['timesformer_local_global_small.vnet', 'local_global'],
  ['timesformer_axial_small.vnet', 'axial'],
];

describe.each(CASES)('examples/%s', (file, variant) => {
  it(`equals the ${variant} reference at the fixture size (ort-cpu)`, async () => {
    const { weights, logits } = fixture(variant);
    const bytes = await compileVnet(join(EXAMPLES, file), { target: 'ort-cpu', weights, sets: FIXTURE_SETS });
    expect(maxAbsDiff(await runModel(bytes, { clip }), logits)).toBeLessThan(1e-4);
  });
});
