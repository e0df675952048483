import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileFile } from '../../../compiler/compile.js';
import { readContract } from '../../../contract/model-contract.js';
import { readModelMetadata } from '../../../contract/read-metadata.js';
import { loadOrt } from '../../../ort/ort.js';
import { openSession } from '../../../runtime/session.js';
import { ClipTensor, Uint8Clip } from '../../../runtime/video/clip.js';

const ort = await loadOrt();

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));

async function model(file: string, uint8: boolean) {
  const sets: Record<string, string> = file.startsWith('timesformer') ? { T: '2', SIZE: '64', DIM: '64', HEADS: '4', DEPTH: '2' } : { T: '2', SIZE: '64' };
  const result = await compileFile(path.join(EXAMPLES, file), { sets, ...(uint8 ? { uint8Input: true } : {}) });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.bytes!;
}

async function logits(bytes: Uint8Array, data: Float32Array | Uint8Array, dims: readonly number[]): Promise<Float32Array> {
  const { session } = await openSession(bytes);
  const tensor = data instanceof Uint8Array ? new ort.Tensor('uint8', data, [...dims]) : new ort.Tensor('float32', data, [...dims]);
  const out = await session.run({ [session.inputNames[0]!]: tensor });
  return out[session.outputNames[0]!]!.data as Float32Array;
}

describe('--uint8-input: the graph does scale, mean/std and layout', () => {
  it.each(['tsm_resnet50.vnet', 'timesformer_space_small.vnet'])(
    '%s: equals the float model on the same frames within 1e-5',
    async (file) => {
      const float = await model(file, false);
      const uint8 = await model(file, true);
      const contract = readContract(readModelMetadata(uint8));
      const p = contract.ok ? contract.value.preprocess : undefined;
      expect(p?.input).toBe('uint8');
      const floatP = { ...p!, input: 'float' as const };
      const floatClip = new ClipTensor(floatP);
      const uint8Clip = new Uint8Clip(p!);
      let seed = 7;
      for (let slot = 0; slot < p!.frames; slot++) {
        const data = Uint8Array.from({ length: p!.crop * p!.crop * 3 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256);
        const frame = { width: p!.crop, height: p!.crop, data };
        floatClip.set(slot, frame);
        uint8Clip.set(slot, frame);
      }
      const a = await logits(float, floatClip.data, floatClip.dims);
      const b = await logits(uint8, uint8Clip.data, uint8Clip.dims);
      expect(b.length).toBe(a.length);
      const diff = Math.max(...Array.from(a, (x, i) => Math.abs(x - b[i]!)));
      expect(diff).toBeLessThan(1e-5);
    },
    120_000,
  );

  it('needs a preprocess section (VN710)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vnet-uint8-'));
    writeFileSync(path.join(dir, 'plain.vnet'), 'network plain(x: f32[N, 2, 3, 8, 8]) -> f32[N, 2, 3, 8, 8] {\n  return x |> relu\n}\n');
    const result = await compileFile(path.join(dir, 'plain.vnet'), { uint8Input: true });
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(["VN710 --uint8-input: network 'plain' declares no preprocess section"]);
  });
});
