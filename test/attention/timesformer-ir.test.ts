/**
 * The five TimeSformer variants, built as IR by hand and lowered with the token and attention lowerings,
 * match the PyTorch reference (refs/timesformer.py, official parameter names) within 1e-4 on every target.
 */
import { describe, expect, it } from 'vitest';
import type { Target } from '../../compiler/emit/lower/context.js';
import { clip, expected, fixture } from './fixtures.js';
import { buildModel, maxAbsDiff, runModel } from './harness.js';
import { readSafetensors } from './safetensors.js';
import { timesformerGraph, VARIANTS, type TimesformerConfig } from './timesformer-ir.js';

const config: TimesformerConfig = {
  dim: expected.config.embed_dim,
  heads: expected.config.num_heads,
  depth: expected.config.depth,
  frames: expected.config.num_frames,
  size: expected.config.img_size,
  patch: expected.config.patch_size,
  classes: expected.config.num_classes,
};
const TARGETS: readonly Target[] = ['portable', 'ort-cpu'];

describe.each(VARIANTS)('TimeSformer %s (hand-built IR)', (variant) => {
  it.each(TARGETS)('matches PyTorch on %s', async (target) => {
    const want = fixture(variant);
    const bytes = buildModel(timesformerGraph(variant, config), readSafetensors(want.weights), { target });
    expect(maxAbsDiff(await runModel(bytes, { clip }), want.logits)).toBeLessThan(1e-4);
  });
});
