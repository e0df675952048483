import { describe, expect, it } from 'vitest';
import { encodeCachePairs, parseCachePairs } from '../../contract/caches.js';
import { CONTRACT_KEYS } from '../../contract/keys.js';
import { readContract } from '../../contract/model-contract.js';
import { encodeNchwcBlock } from '../../contract/nchwc-block.js';

const pairs = [
  { input: 'features.3.shift.cache', output: 'features.3.shift.cache_out' },
  { input: 'features.5.shift.cache', output: 'features.5.shift.cache_out' },
];

describe('model contract', () => {
  it('reads back what the compiler writes', () => {
    const metadata = new Map([
      [CONTRACT_KEYS.version, '0.1.0'],
      [CONTRACT_KEYS.network, 'tsm'],
      [CONTRACT_KEYS.target, 'ort-cpu'],
      ['vnet.const.T', '8'],
      ['vnet.const.FOLD', '1/8'],
      ['vnet.set.T', '8'],
      [CONTRACT_KEYS.onlineCaches, encodeCachePairs(pairs)],
      [CONTRACT_KEYS.nchwcBlock, encodeNchwcBlock(16)],
      ['other', 'ignored'],
    ]);
    expect(readContract(metadata)).toEqual({
      ok: true,
      value: {
        version: '0.1.0',
        network: 'tsm',
        target: 'ort-cpu',
        constants: { T: '8', FOLD: '1/8' },
        sets: { T: '8' },
        caches: pairs,
        nchwcBlock: 16,
      },
    });
  });

  it('a model without vnet metadata has an empty contract', () => {
    expect(readContract(new Map())).toEqual({ ok: true, value: { constants: {}, sets: {} } });
  });

  it('a malformed key is an error naming it, never a default', () => {
    expect(readContract(new Map([[CONTRACT_KEYS.nchwcBlock, '16x']]))).toEqual({
      ok: false,
      error: "metadata 'vnet.ort_cpu.nchwc_block' must be a positive whole number of channels, found '16x'",
    });
    expect(parseCachePairs('[{"input": 1}]')).toEqual({
      ok: false,
      error: `metadata 'vnet.online.caches' must be a list of {"input": ..., "output": ...}`,
    });
    expect(parseCachePairs('{').ok).toBe(false);
  });
});
