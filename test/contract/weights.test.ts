import { describe, expect, it } from 'vitest';
import { CONTRACT_KEYS } from '../../contract/keys.js';
import { readContract } from '../../contract/model-contract.js';
import { encodeWeightsOrigin, parseWeightsOrigin, weightsMetadata } from '../../contract/weights.js';
import { untrainedWarning } from '../../portable/untrained.js';

describe('vnet.weights: trained (a checkpoint) or seeded', () => {
  it('round-trips both kinds, keeping only the checkpoint file name', () => {
    expect(weightsMetadata('/data/ckpt/TSM_kinetics.pth')).toEqual({ [CONTRACT_KEYS.weights]: '{"trained":true,"file":"TSM_kinetics.pth"}' });
    expect(weightsMetadata(undefined)).toEqual({ [CONTRACT_KEYS.weights]: '{"trained":false,"seed":0}' });
    for (const origin of [{ trained: true, file: 'w.safetensors' } as const, { trained: false, seed: 7 } as const]) {
      expect(parseWeightsOrigin(encodeWeightsOrigin(origin))).toEqual({ ok: true, value: origin });
      expect(readContract(new Map([[CONTRACT_KEYS.weights, encodeWeightsOrigin(origin)]]))).toMatchObject({ ok: true, value: { weights: origin } });
    }
  });

  it('a malformed value is an error naming the key, never a default', () => {
    const shape = `metadata 'vnet.weights' must be {"trained": true, "file": NAME} or {"trained": false, "seed": N}`;
    expect(parseWeightsOrigin('{')).toEqual({ ok: false, error: "metadata 'vnet.weights' is not JSON" });
    for (const text of ['true', '[]', '{"trained": "yes"}', '{"trained": true}', '{"trained": false, "seed": 0.5}']) {
      expect(parseWeightsOrigin(text), text).toEqual({ ok: false, error: shape });
    }
    expect(readContract(new Map([[CONTRACT_KEYS.weights, '{"trained": 1}']]))).toEqual({ ok: false, error: shape });
  });

  it('the warning node and the page show: only for seeded weights', () => {
    expect(untrainedWarning({ weights: { trained: false, seed: 0 } })).toBe(
      'untrained model: its weights are seeded initial values (seed 0), not a checkpoint, so its classes and labels are meaningless; compile it with --weights CHECKPOINT',
    );
    expect(untrainedWarning({ weights: { trained: true, file: 'w.pth' } })).toBeUndefined();
    expect(untrainedWarning({})).toBeUndefined();
  });
});
