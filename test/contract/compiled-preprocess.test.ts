import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.js';
import { CONTRACT_KEYS } from '../../contract/keys.js';
import { readContract } from '../../contract/model-contract.js';
import { readModelMetadata } from '../../contract/read-metadata.js';

const EXAMPLES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../examples');
const SMALL = { T: '2', SIZE: '64' };

async function contractOf(file: string, options: Parameters<typeof compileFile>[1] = {}) {
  const result = await compileFile(path.join(EXAMPLES, file), { sets: SMALL, level: 0, ...options });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const metadata = readModelMetadata(result.bytes!);
  return { metadata, contract: readContract(metadata) };
}

describe('compiled models carry their preprocessing and labels', () => {
  it('TSM: segment centres, 8/7 resize, centre crop, ImageNet statistics (read back through the contract)', async () => {
    const { metadata, contract } = await contractOf('tsm_resnet50.vnet', { labels: Array.from({ length: 400 }, (_, i) => `class ${i}`) });
    expect(contract.ok && contract.value.preprocess).toEqual({
      frames: 2,
      layout: 'NTCHW',
      sampling: { scheme: 'segments' },
      resize: 73,
      crop: 64,
      order: 'rgb',
      scale: 1 / 255,
      mean: [0.485, 0.456, 0.406],
      std: [0.229, 0.224, 0.225],
      input: 'float',
    });
    expect(contract.ok && contract.value.labels?.[399]).toBe('class 399');
    expect([metadata.has(CONTRACT_KEYS.preprocess), metadata.has(CONTRACT_KEYS.labels)]).toEqual([true, true]);
  });

  it('TimeSformer: the official clip sampling at rate 32, layout [N, 3, T, H, W]', async () => {
    const { contract } = await contractOf('timesformer_space_small.vnet');
    const p = contract.ok ? contract.value.preprocess : undefined;
    expect(p?.sampling).toEqual({ scheme: 'clip', rate: 32, fps: 30 });
    expect(p?.layout).toBe('NCTHW');
    expect([p?.resize, p?.crop, p?.mean, p?.std]).toEqual([64, 64, [0.45, 0.45, 0.45], [0.225, 0.225, 0.225]]);
  });

  it('labels must match the classes (VN707)', async () => {
    const result = await compileFile(path.join(EXAMPLES, 'tsm_resnet50.vnet'), { sets: SMALL, level: 0, labels: ['a', 'b'] });
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['VN707 2 labels given but the model has 400 classes']);
  });
});
