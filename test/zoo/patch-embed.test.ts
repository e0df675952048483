/**
 * patch_embed takes the clip's own channel count: a clip of 1 or 4 channels (not only RGB) compiles, runs on
 * onnxruntime and equals a direct loop over the convolution (kernel = stride = patch), per-frame patches and
 * tubelets alike, on every target. (It used to pass check and compile, then fail in a Reshape that assumed
 * 3 channels.) The tokens come out in (t, h, w) order, PyTorch's `proj(x).flatten(2).transpose(1, 2)`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileFile, type CompileTarget } from '../../compiler/compile.js';
import { writeSafetensors } from '../../compiler/weights/safetensors-write.js';
import { errorsAndWarnings, maxScaledError, runCpu } from '../conformance/harness.js';
import { randomTensor } from '../emit/helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'vnet-patch-embed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const N = 2;
const T = 4;
const H = 8;
const W = 12;
const D = 5;

const random = (n: number, seed: number): Float32Array => randomTensor([n], seed).data;

/** tokens[n, (t*h + y)*w + x, d] = bias[d] + sum over c, i, j, k of weight[d, c, i, j, k] * clip[n, c, t*kt + i, y*kh + j, x*kw + k]. */
function reference(clip: Float32Array, c: number, weight: Float32Array, bias: Float32Array, [kt, kh, kw]: readonly number[]): Float32Array {
  const [t, h, w] = [T / (kt ?? 1), H / (kh ?? 1), W / (kw ?? 1)];
  const at = (n: number, ch: number, f: number, y: number, x: number) => clip[(((n * c + ch) * T + f) * H + y) * W + x] ?? 0;
  const out = new Float32Array(N * t * h * w * D);
  for (let n = 0; n < N; n++)
    for (let tf = 0; tf < t; tf++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++)
          for (let d = 0; d < D; d++) {
            let sum = bias[d] ?? 0;
            let wi = d * c * (kt ?? 1) * (kh ?? 1) * (kw ?? 1);
            for (let ch = 0; ch < c; ch++)
              for (let i = 0; i < (kt ?? 1); i++)
                for (let j = 0; j < (kh ?? 1); j++)
                  for (let k = 0; k < (kw ?? 1); k++) sum += (weight[wi++] ?? 0) * at(n, ch, tf * (kt ?? 1) + i, y * (kh ?? 1) + j, x * (kw ?? 1) + k);
            out[((n * t + tf) * h + y) * w * D + x * D + d] = sum;
          }
  return out;
}

const CASES = [
  { channels: 1, patch: '4', kernel: [1, 4, 4], weight: [D, 1, 4, 4] },
  { channels: 4, patch: '(2, 4)', kernel: [1, 2, 4], weight: [D, 4, 2, 4] },
  { channels: 4, patch: '(2, 4, 4)', kernel: [2, 4, 4], weight: [D, 4, 2, 4, 4] },
  { channels: 3, patch: '(2, 2, 3)', kernel: [2, 2, 3], weight: [D, 3, 2, 2, 3] },
] as const;
const TARGETS: readonly CompileTarget[] = ['portable', 'ort-cpu', 'ort-cuda', 'web'];

describe.each(CASES)('patch_embed(patch=$patch) on a clip of $channels channels', ({ channels, patch, kernel, weight }) => {
  const tokens = (T / kernel[0]) * (H / kernel[1]) * (W / kernel[2]);
  const source = `network net(clip: f32[N, ${channels}, ${T}, ${H}, ${W}]) -> f32[N, ${tokens}, ${D}] {
  return clip |> patch_embed(${D}, patch=${patch}) as patch_embed
}
`;
  const file = path.join(dir, `c${channels}-${kernel.join('x')}.vnet`);
  const weights = path.join(dir, `c${channels}-${kernel.join('x')}.safetensors`);
  const w = random(
    weight.reduce((a: number, b: number) => a * b, 1),
    7,
  );
  const b = random(D, 11);
  writeFileSync(file, source);
  writeFileSync(
    weights,
    writeSafetensors({
      'patch_embed.proj.weight': { dtype: 'F32', shape: weight, data: w },
      'patch_embed.proj.bias': { dtype: 'F32', shape: [D], data: b },
    }),
  );
  const clip = random(N * channels * T * H * W, 3);

  it.each(TARGETS)('--target %s equals the convolution', async (target) => {
    const result = await compileFile(file, { weights, target });
    expect(errorsAndWarnings(result.diagnostics)).toEqual([]);
    const out = await runCpu(result.bytes as Uint8Array, [{ dims: [N, channels, T, H, W], data: clip }]);
    expect(out.dims).toEqual([N, tokens, D]);
    expect(maxScaledError(out.data, reference(clip, channels, w, b, kernel))).toBeLessThan(1e-5);
  });
});
