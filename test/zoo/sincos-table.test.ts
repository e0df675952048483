/**
 * pos_embed(table=sincos) is VideoMAE's `get_sinusoid_encoding_table` (MCG-NJU/VideoMAE modeling_finetune.py):
 * the table vnet computes equals the official formula evaluated by numpy in float64 and rounded to float32 (the
 * official code's `torch.tensor(..., dtype=torch.float)`), for ViT-S/16's 1568 x 384 table and an odd width.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sincosTable } from '../../compiler/ir/ops/sincos-table.js';

/** The official function's arithmetic: angle pos / 10000 ** (2 * (j // 2) / d), sin on even j, cos on odd. */
const NUMPY = `
import sys, numpy as np
n, d = int(sys.argv[1]), int(sys.argv[2])
table = np.array([[pos / np.power(10000, 2 * (j // 2) / d) for j in range(d)] for pos in range(n)])
table[:, 0::2] = np.sin(table[:, 0::2])
table[:, 1::2] = np.cos(table[:, 1::2])
sys.stdout.buffer.write(table.astype(np.float32).tobytes())
`;

function numpyTable(n: number, d: number): Float32Array | undefined {
  const run = spawnSync('/usr/bin/python3', ['-c', NUMPY, String(n), String(d)], { maxBuffer: 1 << 26 });
  if (run.status !== 0) return undefined;
  const bytes = run.stdout as Buffer;
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

const numpyMissing = spawnSync('/usr/bin/python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status !== 0;

describe('the sin-cos position table', () => {
  it('starts with sin(0) = 0 and cos(0) = 1, and channel 0 of position p is sin(p)', () => {
    const t = sincosTable(3, 4);
    expect([...t.subarray(0, 4)]).toEqual([0, 1, 0, 1]);
    expect(t[4]).toBe(Math.fround(Math.sin(1)));
    expect(t[2 * 4 + 3]).toBe(Math.fround(Math.cos(2 / 100)));
  });

  it.skipIf(numpyMissing).each([
    [1568, 384],
    [50, 7],
  ])("equals VideoMAE's formula in numpy for %i positions x %i channels", (n, d) => {
    const expected = numpyTable(n, d);
    expect(expected?.length).toBe(n * d);
    const actual = sincosTable(n, d);
    let worst = 0;
    let exact = 0;
    actual.forEach((v, i) => {
      const diff = Math.abs(v - (expected?.[i] ?? Number.NaN));
      if (!(diff <= worst)) worst = diff;
      if (diff === 0) exact++;
    });
    // One float32 step at most (a last-bit difference of pow or sin in float64 can round the other way).
    expect(worst).toBeLessThanOrEqual(2 ** -24);
    expect(exact / actual.length).toBeGreaterThan(0.999);
  });
});
