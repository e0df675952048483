/**
 * What vnet says about a checkpoint in the user's words: the VN423 note counts the tensors as binding
 * will match them (after DataParallel's `module.` is stripped), and VN404 says how to fix a classifier
 * trained for another class count.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IRParam } from '../../compiler/ir/graph.js';
import { bindWeights } from '../../compiler/weights/bind.js';
import { loadWeights } from '../../compiler/weights/load.js';
import type { NamedTensor } from '../../compiler/weights/tensor.js';
import { stateDict, torchZip } from './builders.js';

const param = (name: string, shape: number[]): IRParam => ({ name, shape, dtype: 'f32', init: { kind: 'zeros' } });
const params = [param('fc.weight', [2, 3]), param('fc.bias', [2])];

describe('VN423 counts tensors as they bind', () => {
  it("a DataParallel checkpoint ('module.' on every name) maps all of its tensors", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vnet-messages-'));
    const { pickle, storages } = stateDict({ 'module.fc.weight': { shape: [2, 3], values: [1, 2, 3, 4, 5, 6] }, 'module.fc.bias': [7, 8] });
    const file = path.join(dir, 'dp.pth');
    writeFileSync(file, torchZip(pickle, storages));
    const loaded = await loadWeights(file, params, { displayPath: 'dp.pth' });
    expect(loaded.weights).toBeDefined();
    expect(loaded.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([
      "VN423: 'dp.pth': PyTorch checkpoint (zip), names used as they are: 2 of 2 tensors mapped to the network",
    ]);
  });
});

describe('VN404 for a classifier trained with another class count', () => {
  const tensor = (name: string, shape: number[]): NamedTensor =>
    ({
      name,
      shape,
      dtype: 'f32',
      read: () => ({ ok: true, value: new Float32Array(shape.reduce((a, b) => a * b, 1)) }),
      problem: () => undefined,
    }) as unknown as NamedTensor;

  it('suggests the checkpoint class count and dropping the head', () => {
    const result = bindWeights(params, [tensor('fc.weight', [1000, 3]), tensor('fc.bias', [1000])], { path: 'imagenet.pth' });
    expect(result.diagnostics.map((d) => d.hint)).toEqual([
      "the checkpoint's classifier 'fc.weight' has 1000 classes and the network's 2: compile with the checkpoint's class count (for example --set CLASSES=1000), or drop its classifier with --weights-map (docs/weights.md) to train a new one",
    ]);
  });

  it('says nothing of classes when other layers differ too', () => {
    const wide = [param('conv.weight', [4, 3]), ...params];
    const result = bindWeights(wide, [tensor('conv.weight', [5, 3]), tensor('fc.weight', [1000, 3]), tensor('fc.bias', [1000])], { path: 'w.pth' });
    expect(result.diagnostics.map((d) => [d.code, d.hint])).toEqual([['VN404', undefined]]);
  });
});
