/**
 * attention on a plain [N, L, D] sequence (no token layout: ViViT's temporal step, any sequence) with each
 * bias form, on every target, against a direct computation: softmax(q k^T / sqrt(dh)) v per head, then proj.
 * bias=qkv: `qkv.bias`; bias=qv: VideoMAE's `q_bias` and `v_bias` with no k bias; bias=none: no q/k/v bias.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileFile, type CompileTarget } from '../../compiler/compile.js';
import { type TensorToWrite, writeSafetensors } from '../../compiler/weights/safetensors-write.js';
import { errorsAndWarnings, maxScaledError, runCpu } from '../conformance/harness.js';
import { randomTensor } from '../emit/helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'vnet-sequence-attention-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const N = 2;
const L = 5;
const D = 12;
const HEADS = 3;

const random = (n: number, seed: number): Float32Array => randomTensor([n], seed).data;

/** y[o] = b[o] + sum_i w[o, i] x[i] for one token. */
function linear(x: Float32Array, w: Float32Array, b: Float32Array, out: number): Float32Array {
  return Float32Array.from({ length: out }, (_, o) => x.reduce((acc, v, i) => acc + v * (w[o * x.length + i] ?? 0), b[o] ?? 0));
}

function reference(x: Float32Array, qkvW: Float32Array, qkvB: Float32Array, projW: Float32Array, projB: Float32Array): Float32Array {
  const dh = D / HEADS;
  const out = new Float32Array(N * L * D);
  for (let n = 0; n < N; n++) {
    const tokens = Array.from({ length: L }, (_, l) => x.subarray((n * L + l) * D, (n * L + l + 1) * D));
    const qkv = tokens.map((t) => linear(t, qkvW, qkvB, 3 * D));
    tokens.forEach((_, l) => {
      const heads = new Float32Array(D);
      for (let a = 0; a < HEADS; a++) {
        const scores = qkv.map((k) => {
          let s = 0;
          for (let j = 0; j < dh; j++) s += (qkv[l]?.[a * dh + j] ?? 0) * (k[D + a * dh + j] ?? 0);
          return s / Math.sqrt(dh);
        });
        const m = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - m));
        const z = e.reduce((p, q) => p + q, 0);
        qkv.forEach((v, i) => {
          for (let j = 0; j < dh; j++) heads[a * dh + j] = (heads[a * dh + j] ?? 0) + ((e[i] ?? 0) / z) * (v[2 * D + a * dh + j] ?? 0);
        });
      }
      out.set(linear(heads, projW, projB, D), (n * L + l) * D);
    });
  }
  return out;
}

const TARGETS: readonly CompileTarget[] = ['portable', 'ort-cpu', 'ort-cuda', 'web'];
const qkvW = random(3 * D * D, 1);
const projW = random(D * D, 2);
const projB = random(D, 3);
const qBias = random(D, 4);
const kBias = random(D, 5);
const vBias = random(D, 6);
const x = random(N * L * D, 8);
const f32 = (shape: number[], data: Float32Array): TensorToWrite => ({ dtype: 'F32', shape, data });

const BIASES = {
  qkv: {
    params: { 'attn.qkv.bias': f32([3 * D], Float32Array.from([...qBias, ...kBias, ...vBias])) },
    qkvB: Float32Array.from([...qBias, ...kBias, ...vBias]),
  },
  qv: { params: { 'attn.q_bias': f32([D], qBias), 'attn.v_bias': f32([D], vBias) }, qkvB: Float32Array.from([...qBias, ...new Float32Array(D), ...vBias]) },
  none: { params: {}, qkvB: new Float32Array(3 * D) },
} as const;

describe.each(Object.keys(BIASES) as (keyof typeof BIASES)[])('attention(%s bias) over a plain [N, L, D] sequence', (bias) => {
  const file = path.join(dir, `${bias}.vnet`);
  const weights = path.join(dir, `${bias}.safetensors`);
  writeFileSync(file, `network net(x: f32[N, ${L}, ${D}]) -> f32[N, ${L}, ${D}] {\n  return x |> attention(${HEADS}, over=all, bias=${bias}) as attn\n}\n`);
  writeFileSync(
    weights,
    writeSafetensors({
      'attn.qkv.weight': f32([3 * D, D], qkvW),
      ...BIASES[bias].params,
      'attn.proj.weight': f32([D, D], projW),
      'attn.proj.bias': f32([D], projB),
    }),
  );
  const expected = reference(x, qkvW, BIASES[bias].qkvB, projW, projB);

  it.each(TARGETS)('--target %s equals the direct computation', async (target) => {
    const result = await compileFile(file, { weights, target });
    expect(errorsAndWarnings(result.diagnostics)).toEqual([]);
    const out = await runCpu(result.bytes as Uint8Array, [{ dims: [N, L, D], data: x }]);
    expect(maxScaledError(out.data, expected)).toBeLessThan(1e-5);
  });
});
