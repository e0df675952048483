/** Token layouts: how many tokens each layout holds per row, and their description in the user's words. */
import { type Dim, dimEquals, dimMul } from '../dim.js';
import type { IRValue, TokenLayout } from '../graph.js';

/** Tokens per row of the value: shared 1+T*S, per_frame 1+S, none T*S. */
export function tokensPerRow(t: TokenLayout): number {
  const s = t.height * t.width;
  if (t.cls === 'shared') return 1 + t.frames * s;
  if (t.cls === 'per_frame') return 1 + s;
  return t.frames * s;
}

/** The shape a token value of batch `n` clips must have. */
export function tokenShape(t: TokenLayout, n: Dim, d: number): Dim[] {
  return [t.cls === 'per_frame' ? dimMul(n, t.frames) : n, tokensPerRow(t), d];
}

/** A plain sequence of `length` tokens seen as a layout (a 1 x 1 grid over `length` steps). */
export function sequenceLayout(length: number, cls: 'shared' | 'none'): TokenLayout {
  return { frames: length, height: 1, width: 1, cls, sequence: true };
}

/** The plain [N, L, D] tensor a sequence op accepts, as a layout without cls; undefined for any other plain shape. */
export function plainSequence(v: IRValue): TokenLayout | undefined {
  if (v.tokens || v.shape.length !== 3) return undefined;
  const [, l, d] = v.shape;
  return typeof l === 'number' && typeof d === 'number' && l >= 1 ? sequenceLayout(l, 'none') : undefined;
}

/** A layout in the user's words (what `patch_embed`, `cls_token` and `time_embed` made), for messages. */
export function describeTokens(t: TokenLayout): string {
  if (t.sequence) return t.cls === 'none' ? `a sequence of ${t.frames} tokens` : `a sequence of ${t.frames} tokens after its cls token`;
  const grid = `${t.frames} x ${t.height} x ${t.width}`;
  switch (t.cls) {
    case 'none':
      return `patch tokens (${grid}) without a cls token`;
    case 'per_frame':
      return `patch tokens (${grid}) with a cls token in each frame`;
    case 'shared':
      return `patch tokens (${grid}) with one cls token for the clip`;
  }
}

export function sameGrid(a: TokenLayout, b: TokenLayout): boolean {
  return a.frames === b.frames && a.height === b.height && a.width === b.width && !a.sequence === !b.sequence;
}

/** Checks a value's shape against its layout (used by the verifier and the token ops). */
export function tokensConsistent(v: IRValue): boolean {
  const t = v.tokens;
  if (!t) return true;
  const l = v.shape[1];
  return v.shape.length === 3 && l !== undefined && dimEquals(l, tokensPerRow(t));
}
