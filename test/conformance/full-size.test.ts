/**
 * Opt-in: the full-size examples (8 frames of 224x224) against PyTorch, with torchvision's random
 * init and randomized BatchNorm statistics. Too slow and too large (~400 MB of fixtures) for every run:
 *
 *   /usr/bin/python3 refs/make_conformance_fixtures.py --full tmp/full
 *   VNET_FULL_FIXTURES=tmp/full npx vitest run test/conformance/full-size.test.ts
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, ROOT, compileFile, errorsAndWarnings, loadNpy, maxScaledError, runCpu } from './harness.js';

const DIR = process.env.VNET_FULL_FIXTURES ? path.resolve(ROOT, process.env.VNET_FULL_FIXTURES) : undefined;
const NETWORKS = ['tsn_resnet50', 'tsm_resnet50', 'tsm_resnet50_inplace', 'tsm_resnet50_online', 'tsm_mobilenetv2_online'];
const TARGETS = ['portable', 'ort-cpu'] as const;

describe.skipIf(DIR === undefined)('full-size examples match PyTorch (VNET_FULL_FIXTURES)', () => {
  for (const name of NETWORKS) {
    it.each(TARGETS)(`${name} (%s)`, async (target) => {
      const dir = path.join(DIR as string, name);
      if (!existsSync(dir)) throw new Error(`${dir} is missing: run refs/make_conformance_fixtures.py --full`);
      const result = await compileFile(path.join(EXAMPLES, `${name}.vnet`), {
        weights: path.join(dir, 'weights.safetensors'),
        target,
      });
      expect(errorsAndWarnings(result.diagnostics)).toEqual([]);
      const input = await loadNpy(path.join(dir, 'input.npy'));
      const expected = await loadNpy(path.join(dir, 'expected.npy'));
      const out = await runCpu(result.bytes as Uint8Array, [input]);
      expect(out.dims).toEqual(expected.dims);
      expect(maxScaledError(out.data, expected.data)).toBeLessThanOrEqual(1e-4);
    }, 600_000);
  }
});
