/** Web test helpers: online models with their contract, .npy clips, and Debian's Chromium when present. */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { emitModel } from '../../compiler/emit/emit.js';
import type { Target } from '../../compiler/emit/lower/context.js';
import { encodeModel } from '../../compiler/emit/proto.js';
import { optimize } from '../../compiler/optimize.js';
import { encodeCachePairs } from '../../contract/caches.js';
import { CONTRACT_KEYS } from '../../contract/keys.js';
import { formatNpy } from '../../runtime/npy.js';
import { openStream } from '../../runtime/stream.js';
import { describeDiagnostics, graphOf, livelyWeights, onlineOf } from '../passes/helpers.js';

/**
 * Two residual blocks with past shifts around a strided conv, at 3x16x16: small enough for a page test,
 * and with lively weights its logits follow the input (a deep example network with seeded weights
 * answers nearly the same for any clip).
 */
export const SMALL_ONLINE = `const T = 4

block res(x: f32[B, C, H, W]) -> f32[B, C, H, W] {
  let y = x |> shift(fold=1/4, dir=past) |> conv2d(C, k=3, pad=1) as conv |> batchnorm as bn
  return relu(x + y)
}

network small_online(clip: f32[N, T, 3, 16, 16]) -> f32[N, 6] {
  return clip
    |> frames
    |> conv2d(8, k=3, stride=2, pad=1) as stem
    |> relu
    |> res as layer[0]
    |> conv2d(16, k=3, stride=2, pad=1) as down
    |> relu
    |> res as layer[1]
    |> global_avgpool
    |> linear(6) as fc
    |> consensus
}
`;

/** An online model as `vnetc compile --online` writes it (caches, network and target in its metadata, and `extra`). */
export function onlineModel(text: string, target: Target = 'portable', extra: Readonly<Record<string, string>> = {}): Uint8Array {
  const online = onlineOf(graphOf(text));
  const optimized = optimize(online.graph, livelyWeights(4), { target, level: 2 });
  const emitted = emitModel(optimized.graph, {
    target,
    weights: optimized.weights,
    metadata: { [CONTRACT_KEYS.onlineCaches]: encodeCachePairs(online.caches), [CONTRACT_KEYS.network]: online.graph.name, ...extra },
  });
  if (!emitted.model) throw new Error(describeDiagnostics(emitted.diagnostics).join('\n'));
  return encodeModel(emitted.model);
}

/** A float32 C-order .npy file (runtime's writer). */
export function writeNpy(file: string, dims: readonly number[], data: Float32Array): void {
  writeFileSync(file, formatNpy({ type: 'float32', dims, data }));
}

/** A clip whose frames clearly differ (a moving gradient plus a per-frame colour cast). */
export function movingClip(frames: number, size: number): Float32Array {
  const plane = size * size;
  return Float32Array.from({ length: frames * 3 * plane }, (_, i) => {
    const f = Math.floor(i / (3 * plane));
    const c = Math.floor(i / plane) % 3;
    const p = i % plane;
    return Math.sin((p % size) * 0.4 + f) * 0.8 + (c - 1) * 0.3 * Math.cos(f + (p / size) * 0.2);
  });
}

/** Each frame's logits from onnxruntime-node's stream (the reference for the page). */
export async function nodeStream(model: Uint8Array, clip: Float32Array, frames: number): Promise<Float32Array[]> {
  const stream = await openStream(model, { providers: ['cpu'], threads: 1 });
  try {
    const size = clip.length / frames;
    const out: Float32Array[] = [];
    for (let f = 0; f < frames; f++) out.push((await stream.push(clip.slice(f * size, (f + 1) * size))).logits);
    return out;
  } finally {
    await stream.release();
  }
}

/** Debian's Chromium (VNET_CHROMIUM overrides), or why the browser tests are skipped. */
export function chromium(): { path?: string; skip?: string } {
  const candidate = process.env.VNET_CHROMIUM ?? '/usr/bin/chromium';
  if (existsSync(candidate)) return { path: candidate };
  return { skip: `browser tests skipped: no Chromium at ${candidate} (apt-get install chromium, as .ci/run does, or set VNET_CHROMIUM)` };
}

const dirs: string[] = [];

export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vnet-web-'));
  dirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}
