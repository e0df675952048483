/** Token layouts: how many tokens each layout holds per row, and their printed form. */
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

export function describeTokens(t: TokenLayout): string {
  return `${t.cls} tokens (${t.frames} frames of ${t.height}x${t.width} patches)`;
}

export function sameGrid(a: TokenLayout, b: TokenLayout): boolean {
  return a.frames === b.frames && a.height === b.height && a.width === b.width;
}

/** Checks a value's shape against its layout (used by the verifier and the token ops). */
export function tokensConsistent(v: IRValue): boolean {
  const t = v.tokens;
  if (!t) return true;
  const l = v.shape[1];
  return v.shape.length === 3 && l !== undefined && dimEquals(l, tokensPerRow(t));
}
