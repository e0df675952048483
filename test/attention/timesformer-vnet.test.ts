/**
 * The five TimeSformer variants written in .vnet (test/fixtures/attention/<variant>.vnet), compiled with
 * the PyTorch reference's weights (official parameter names), match its logits within 1e-4 on every target.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Target } from '../../compiler/emit/lower/context.js';
import { compileVnet } from './compile.js';
import { clip, fixture, FIXTURES } from './fixtures.js';
import { maxAbsDiff, runModel } from './harness.js';
import { VARIANTS } from './timesformer-ir.js';

const TARGETS: readonly Target[] = ['portable', 'ort-cpu'];

describe.each(VARIANTS)('TimeSformer %s (.vnet)', (variant) => {
  it.each(TARGETS)('matches PyTorch on %s', async (target) => {
    const { weights, logits } = fixture(variant);
    const bytes = await compileVnet(join(FIXTURES, `${variant}.vnet`), { target, weights });
    expect(maxAbsDiff(await runModel(bytes, { clip }), logits)).toBeLessThan(1e-4);
  });
});

describe('newer opsets', () => {
  // ReduceMean takes its axes as an input from opset 18 on; the lowerings follow ctx.opset.
  it.each([18, 21])('the divided model at opset %i still matches PyTorch', async (opset) => {
    const { weights, logits } = fixture('divided');
    for (const target of TARGETS) {
      const bytes = await compileVnet(join(FIXTURES, 'divided.vnet'), { target, weights, opset });
      expect(maxAbsDiff(await runModel(bytes, { clip }), logits)).toBeLessThan(1e-4);
    }
  });
});
