/**
 * The preprocessing choice (portable/preprocessing.ts, used by the page) comes from the model's contract:
 * a network that declares `preprocess { }` gets its own resize, crop, order, scale, mean and std; one that
 * declares none gets the TSM online demo's. Pure functions: checked here without a browser.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.js';
import { decodeModel } from '../../compiler/emit/proto.js';
import { CONTRACT_KEYS } from '../../contract/keys.js';
import { type ModelContract, readContract } from '../../contract/model-contract.js';
import { encodePreprocess } from '../../contract/preprocess.js';
import { normalise } from '../../portable/frame.js';
import { preprocessingOf } from '../../portable/preprocessing.js';
import { EXAMPLES } from '../conformance/harness.js';
import { declaredPreprocess } from './helpers.js';

function contractOf(metadata: Record<string, string>): ModelContract {
  const read = readContract(new Map(Object.entries(metadata)));
  if (!read.ok) throw new Error(read.error);
  return read.value;
}

const DECLARED = declaredPreprocess();

describe('the preprocessing choice', () => {
  it("takes tsm_mobilenetv2_online's declared values from the compiled model's contract", async () => {
    const compiled = await compileFile(path.join(EXAMPLES, 'tsm_mobilenetv2_online.vnet'), { online: true, target: 'web' });
    const metadata = Object.fromEntries((decodeModel(compiled.bytes as Uint8Array).metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? '']));
    const p = preprocessingOf(contractOf(metadata), 224, 224);
    // The TSM demo's: resize 256 (224 * 8 // 7), centre crop 224, RGB in [0, 1], ImageNet mean and std.
    expect(p).toMatchObject({ height: 224, width: 224, resizeShorter: 256, order: 'rgb', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] });
    expect(p.scale).toBeCloseTo(1 / 255, 12);
    expect(p.source).toBe(
      'declared by the model: shorter side to 256, centre crop 224, RGB, x0.00392157, mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225)',
    );
  });

  it('keeps the declared resize-to-crop ratio for a model compiled at another frame size', () => {
    const p = preprocessingOf(contractOf({ [CONTRACT_KEYS.preprocess]: encodePreprocess(DECLARED) }), 224, 224);
    expect(p.resizeShorter).toBe(256);
    expect(p.source).toContain("centre crop 224x224 (the model's frame; it declares 112)");
  });

  it('uses the TSM demo defaults for a model that declares none, and says so', () => {
    const p = preprocessingOf(contractOf({}), 160, 160);
    expect(p).toMatchObject({ resizeShorter: 183, order: 'rgb', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] });
    expect(p.source).toBe('the TSM demo defaults (the model declares none): resize, centre crop, /255, ImageNet mean/std');
  });

  it('normalises RGB pixels into the model channel order: (v * scale - mean) / std per channel', () => {
    const p = preprocessingOf(contractOf({ [CONTRACT_KEYS.preprocess]: encodePreprocess(DECLARED) }), 1, 2);
    // Two pixels: (10, 20, 30) and (200, 150, 100).
    const rgb = Uint8Array.from([10, 20, 30, 200, 150, 100]);
    const out = normalise(rgb, p, new Float32Array(6));
    // BGR planes: B = (30, 100), G = (20, 150), R = (10, 200); minus (104, 117, 128), over (1, 2, 4).
    expect(Array.from(out)).toEqual([30 - 104, 100 - 104, (20 - 117) / 2, (150 - 117) / 2, (10 - 128) / 4, (200 - 128) / 4]);
  });
});
