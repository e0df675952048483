/** The attention fixtures written by refs/make_attention_fixtures.py. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'attention');

interface Expected {
  readonly input: { readonly file: string; readonly shape: readonly number[] };
  readonly config: {
    readonly img_size: number;
    readonly patch_size: number;
    readonly num_classes: number;
    readonly embed_dim: number;
    readonly depth: number;
    readonly num_heads: number;
    readonly num_frames: number;
  };
  readonly variants: Readonly<Record<string, { readonly weights: string; readonly logits: readonly number[] }>>;
}

export const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Expected;

const raw = readFileSync(join(FIXTURES, expected.input.file));
/** The shared input clip, [2, 3, 4, 32, 32]. */
export const clip = { data: new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)), dims: expected.input.shape };

export function fixture(variant: string): { readonly weights: string; readonly logits: readonly number[] } {
  const v = expected.variants[variant];
  if (v === undefined) throw new Error(`no fixture for ${variant}`);
  return { weights: join(FIXTURES, v.weights), logits: v.logits };
}

/** The fixture configuration as `--set` overrides of the example files' constants. */
export const FIXTURE_SETS: Readonly<Record<string, string>> = {
  T: String(expected.config.num_frames),
  SIZE: String(expected.config.img_size),
  PATCH: String(expected.config.patch_size),
  DIM: String(expected.config.embed_dim),
  DEPTH: String(expected.config.depth),
  HEADS: String(expected.config.num_heads),
  CLASSES: String(expected.config.num_classes),
};
