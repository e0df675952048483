/**
 * A model compiled without `--weights` says so in its contract (`vnet.weights`), and `vnetc run` says
 * plainly, in every mode, that its classes mean nothing; a model compiled with a checkpoint does not.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readContract } from '../../contract/model-contract.js';
import { readModelMetadata } from '../../contract/read-metadata.js';
import { writeSafetensors } from '../../compiler/weights/safetensors-write.js';
import { formatNpy } from '../../runtime/npy.js';
import { runVnetc, tempTree } from './helpers.js';

const NET = 'network tiny(x: f32[N, 4]) -> f32[N, 3] {\n  return x |> linear(3) as fc\n}\n';
const WARNING =
  'vnetc: warning: untrained model: its weights are seeded initial values (seed 0), not a checkpoint, so its classes and labels are meaningless; compile it with --weights CHECKPOINT\n';

function weightsOf(file: string) {
  const contract = readContract(readModelMetadata(readFileSync(file)));
  if (!contract.ok) throw new Error(contract.error);
  return contract.value.weights;
}

describe('trained or not', () => {
  it('compile records seeded or trained weights; run warns only for seeded ones', { timeout: 60_000 }, async () => {
    const weights = writeSafetensors({
      'fc.weight': { dtype: 'F32', shape: [3, 4], data: Float32Array.from({ length: 12 }, (_, i) => i / 10) },
      'fc.bias': { dtype: 'F32', shape: [3], data: Float32Array.from([0, 1, 2]) },
    });
    const dir = await tempTree({ 'tiny.vnet': NET, 'w.safetensors': weights });
    writeFileSync(path.join(dir, 'x.npy'), formatNpy({ type: 'float32', dims: [1, 4], data: Float32Array.from([1, 2, 3, 4]) }));
    expect((await runVnetc(['compile', 'tiny.vnet', '-o', 'seeded.onnx'], dir)).code).toBe(0);
    expect((await runVnetc(['compile', 'tiny.vnet', '--weights', 'w.safetensors', '-o', 'trained.onnx'], dir)).code).toBe(0);
    expect(weightsOf(path.join(dir, 'seeded.onnx'))).toEqual({ trained: false, seed: 0 });
    expect(weightsOf(path.join(dir, 'trained.onnx'))).toEqual({ trained: true, file: 'w.safetensors' });

    const seeded = await runVnetc(['run', 'seeded.onnx', '--input', 'x.npy'], dir);
    expect(seeded.code).toBe(0);
    expect(seeded.err).toBe(WARNING);
    const trained = await runVnetc(['run', 'trained.onnx', '--input', 'x.npy'], dir);
    expect([trained.code, trained.err]).toEqual([0, '']);
    // A .vnet run is compiled in memory without a checkpoint: seeded, and said so.
    const inMemory = await runVnetc(['run', 'tiny.vnet', '--input', 'x.npy', '--json'], dir);
    expect([inMemory.code, inMemory.err]).toEqual([0, WARNING]);
  });
});
