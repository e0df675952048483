/**
 * The five TimeSformer variants, built as IR by hand and lowered with the token and attention lowerings,
 * match the PyTorch reference (refs/timesformer.py, official parameter names) within 1e-4 on every target.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Target } from '../../compiler/emit/lower/context.js';
import { buildModel, maxAbsDiff, runModel } from './harness.js';
import { readSafetensors } from './safetensors.js';
import { timesformerGraph, VARIANTS, type TimesformerConfig } from './timesformer-ir.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'attention');

interface Expected {
  readonly input: { readonly file: string; readonly shape: readonly number[] };
  readonly config: { img_size: number; patch_size: number; num_classes: number; embed_dim: number; depth: number; num_heads: number; num_frames: number };
  readonly variants: Record<string, { readonly weights: string; readonly shape: readonly number[]; readonly logits: readonly number[] }>;
}

const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Expected;
const raw = readFileSync(join(FIXTURES, expected.input.file));
const clip = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
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
  const want = expected.variants[variant];
  it.each(TARGETS)('matches PyTorch on %s', async (target) => {
    if (want === undefined) throw new Error(`no fixture for ${variant}`);
    const weights = readSafetensors(join(FIXTURES, want.weights));
    const bytes = buildModel(timesformerGraph(variant, config), weights, { target });
    const logits = await runModel(bytes, { clip: { data: clip, dims: expected.input.shape } });
    expect(maxAbsDiff(logits, want.logits)).toBeLessThan(1e-4);
  });
});
