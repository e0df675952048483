/**
 * Damaged and hostile checkpoints give one clear error, never a crash, a hang or a stack trace:
 * every truncation of small checkpoints in both formats, a zip missing a storage, a storage shorter
 * than its tensor, and byte mutations (seeded, reproducible).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../base/diagnostics/diagnostic.js';
import { convertAll } from '../../compiler/weights/convert.js';
import { readWeightsBytes } from '../../compiler/weights/read.js';
import { ROOT } from '../conformance/harness.js';

const DIR = path.join(ROOT, 'test/fixtures/checkpoints');
const bytesOf = (file: string): Uint8Array => new Uint8Array(readFileSync(path.join(DIR, file)));

/** Reads like `vnetc compile` does: the file, then every tensor's data check and values. */
function load(bytes: Uint8Array): { diagnostics: Diagnostic[]; tensorErrors: string[] } {
  const read = readWeightsBytes(bytes, 'w.pth');
  const tensorErrors: string[] = [];
  for (const t of read.file?.tensors ?? []) {
    const problem = t.problem();
    if (problem !== undefined) tensorErrors.push(problem);
    else {
      const values = t.read();
      if (!values.ok) tensorErrors.push(values.error);
    }
  }
  return { diagnostics: read.diagnostics, tensorErrors };
}

function expectOneClearError(result: ReturnType<typeof load>): void {
  for (const d of result.diagnostics) {
    expect(d.code).toMatch(/^VN4(01|2[0-8]|30)$/);
    expect(d.message.length).toBeLessThan(400);
  }
}

describe('damaged checkpoints', () => {
  for (const file of ['tensors.zip.pth', 'tensors.legacy.pth', 'official_tsm.pth']) {
    it(`every truncation of ${file} is an error, never a crash`, () => {
      const bytes = bytesOf(file);
      const step = Math.max(1, Math.floor(bytes.length / 1500));
      let refused = 0;
      for (let n = 0; n < bytes.length; n += step) {
        const result = load(bytes.subarray(0, n));
        expectOneClearError(result);
        if (result.diagnostics.length > 0 || result.tensorErrors.length > 0) refused++;
        else throw new Error(`${file} cut to ${n} bytes loaded without an error`);
      }
      expect(refused).toBeGreaterThan(0);
    });
  }

  it('a zip without one of its storages (refused as the file is read, as torch.load refuses it)', () => {
    const { diagnostics, tensorErrors } = load(bytesOf('missing-storage.zip.pth'));
    expect(diagnostics.map((d) => d.message)).toEqual([
      "cannot read checkpoint 'w.pth': evil-optimizer.zip/data.pkl: bad pickle at byte 139: the archive has no entry 'evil-optimizer.zip/data/0' for storage '0'",
    ]);
    expect(tensorErrors).toEqual([]);
  });

  it('a storage shorter than its tensor', () => {
    const { tensorErrors } = load(bytesOf('short-storage.zip.pth'));
    expect(tensorErrors).toEqual(["tensor 'fc.weight': storage '0' has 32 bytes, its 9 F32 elements need 36"]);
  });

  it('not a checkpoint at all', () => {
    expect(load(new TextEncoder().encode('hello, world: not weights')).diagnostics.map((d) => d.message)).toEqual([
      "cannot read checkpoint 'w.pth': not a safetensors file nor a PyTorch checkpoint (no zip header, no legacy magic number)",
    ]);
  });
});

describe('byte-mutation fuzz', () => {
  /** xorshift32: the same cases every run. */
  function rng(seed: number): () => number {
    let x = seed >>> 0 || 1;
    return () => {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      return x / 2 ** 32;
    };
  }

  for (const [file, seed] of [
    ['tensors.zip.pth', 11],
    ['tensors.legacy.pth', 12],
    ['evil-optimizer.zip.pth', 13],
  ] as const) {
    it(`${file}: 1000 mutated copies load or fail cleanly`, () => {
      const original = bytesOf(file);
      const random = rng(seed);
      const started = Date.now();
      for (let k = 0; k < 1000; k++) {
        const bytes = original.slice();
        const flips = 1 + Math.floor(random() * 4);
        for (let f = 0; f < flips; f++) {
          const at = Math.floor(random() * bytes.length);
          bytes[at] = random() < 0.5 ? Math.floor(random() * 256) : (bytes[at] as number) ^ (1 << Math.floor(random() * 8));
        }
        expectOneClearError(load(bytes));
      }
      expect(Date.now() - started).toBeLessThan(20_000);
    });
  }
});

describe('hostile sizes', () => {
  it('a view claiming more elements than its storage (an expanded tensor, stride 0) is refused before allocation', () => {
    // torch.zeros(1).expand(65536, 65536): 4 Gi elements over a 1-element storage
    const read = readWeightsBytes(bytesOf('broadcast.zip.pth'), 'w.pth');
    const big = read.file?.tensors.find((t) => t.name === 'big');
    expect(big?.shape).toEqual([65536, 65536]);
    const refusal = "tensor 'big' [65536, 65536] has more elements than its storage '0' (1); broadcast views are not read";
    expect(big?.problem()).toBe(refusal);
    expect(big?.read()).toEqual({ ok: false, error: refusal });
    expect(convertAll(bytesOf('broadcast.zip.pth'), 'w.pth').diagnostics.map((d) => d.message)).toEqual([`cannot read checkpoint 'w.pth': ${refusal}`]);
  });
});
