/**
 * `--resize-embeddings`: a TimeSformer checkpoint trained at another image size or frame count, its
 * embeddings resized the way the official code does at run time (timesformer/models/vit.py,
 * VisionTransformer.forward_features):
 * - pos_embed [1, 1 + P*P, D]: the cls position kept, the other P x P grid resized to the network's
 *   H x W patch grid with F.interpolate(mode='nearest');
 * - time_embed [1, T0, D]: resized along time to T with F.interpolate(mode='nearest').
 * PyTorch's nearest picks source index min(floor(dst * (in / out)), in - 1) in float32.
 */
import { diagnose } from '../../base/diagnostics/code.js';
import { EmbeddingResized } from '../../base/diagnostics/codes.js';
import type { Diagnostic } from '../../base/diagnostics/diagnostic.js';
import type { IRParam } from '../ir/graph.js';
import type { NamedTensor, Read } from './tensor.js';

/** F.interpolate(mode='nearest') source index, as PyTorch computes it (float32 scale). */
export function nearestSource(dst: number, inSize: number, outSize: number): number {
  if (inSize === outSize) return dst;
  if (outSize === 2 * inSize) return dst >> 1;
  const scale = Math.fround(inSize / outSize);
  return Math.min(Math.floor(Math.fround(dst * scale)), inSize - 1);
}

export function resizeEmbeddings(tensors: readonly NamedTensor[], params: readonly IRParam[]): { tensors: NamedTensor[]; diagnostics: Diagnostic[] } {
  const wanted = new Map(params.map((p) => [p.name, p.shape]));
  const diagnostics: Diagnostic[] = [];
  const out = tensors.map((t) => {
    const kind = /(^|\.)(pos_embed|time_embed)$/.exec(t.name)?.[2];
    const want = wanted.get(t.name);
    if (!kind || !want || want.join(',') === t.shape.join(',')) return t;
    const resized = kind === 'pos_embed' ? resizePos(t, want) : resizeTime(t, want);
    if (!resized) return t; // not resizable: binding reports the mismatch
    diagnostics.push(diagnose(EmbeddingResized, { name: t.name, from: t.shape, to: want, how: resized.how }));
    return resized.tensor;
  });
  return { tensors: out, diagnostics };
}

function gridSide(n: number): number | undefined {
  const side = Math.round(Math.sqrt(n));
  return side * side === n ? side : undefined;
}

function resizePos(t: NamedTensor, want: readonly number[]): { tensor: NamedTensor; how: string } | undefined {
  const [one, tokens, d] = t.shape;
  const [wantOne, wantTokens, wantD] = want;
  if (one !== 1 || wantOne !== 1 || d !== wantD || tokens === undefined || wantTokens === undefined || d === undefined) return undefined;
  const p = gridSide(tokens - 1);
  const s = gridSide(wantTokens - 1);
  if (p === undefined || s === undefined) return undefined;
  const read = (): Read<Float32Array> => {
    const src = t.read();
    if (!src.ok) return src;
    const dst = new Float32Array(wantTokens * d);
    dst.set(src.value.subarray(0, d)); // the cls token's position
    for (let y = 0; y < s; y++) {
      const sy = nearestSource(y, p, s);
      for (let x = 0; x < s; x++) {
        const from = (1 + sy * p + nearestSource(x, p, s)) * d;
        dst.set(src.value.subarray(from, from + d), (1 + y * s + x) * d);
      }
    }
    return { ok: true, value: dst };
  };
  return { tensor: { ...t, shape: want, read }, how: `patch grid ${p}x${p} to ${s}x${s}, nearest, cls kept` };
}

function resizeTime(t: NamedTensor, want: readonly number[]): { tensor: NamedTensor; how: string } | undefined {
  const [one, frames, d] = t.shape;
  const [wantOne, wantFrames, wantD] = want;
  if (one !== 1 || wantOne !== 1 || d !== wantD || frames === undefined || wantFrames === undefined || d === undefined) return undefined;
  const read = (): Read<Float32Array> => {
    const src = t.read();
    if (!src.ok) return src;
    const dst = new Float32Array(wantFrames * d);
    for (let f = 0; f < wantFrames; f++) {
      const from = nearestSource(f, frames, wantFrames) * d;
      dst.set(src.value.subarray(from, from + d), f * d);
    }
    return { ok: true, value: dst };
  };
  return { tensor: { ...t, shape: want, read }, how: `${frames} frames to ${wantFrames}, nearest` };
}
