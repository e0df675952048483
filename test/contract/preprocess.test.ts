import { describe, expect, it } from 'vitest';
import { CONTRACT_KEYS } from '../../contract/keys.js';
import { encodeLabels, parseLabelList } from '../../contract/labels.js';
import { readContract } from '../../contract/model-contract.js';
import { type Preprocess, encodePreprocess, parsePreprocess } from '../../contract/preprocess.js';

const tsm: Preprocess = {
  frames: 8,
  layout: 'NTCHW',
  sampling: { scheme: 'segments' },
  resize: 256,
  crop: 224,
  order: 'rgb',
  scale: 1 / 255,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
  input: 'float',
};

describe('preprocessing and labels in the contract', () => {
  it('round-trips every sampling scheme', () => {
    for (const sampling of [{ scheme: 'segments' }, { scheme: 'clip', rate: 32, fps: 30 }, { scheme: 'every', step: 2 }] as const) {
      const p = { ...tsm, sampling };
      expect(parsePreprocess(encodePreprocess(p))).toEqual({ ok: true, value: p });
    }
  });

  it('readContract returns preprocessing and labels', () => {
    const metadata = new Map([
      [CONTRACT_KEYS.preprocess, encodePreprocess(tsm)],
      [CONTRACT_KEYS.labels, encodeLabels(['a', 'b "quoted"'])],
    ]);
    expect(readContract(metadata)).toEqual({ ok: true, value: { constants: {}, sets: {}, preprocess: tsm, labels: ['a', 'b "quoted"'] } });
  });

  it('rejects malformed preprocessing with the key and the field', () => {
    const broken = (patch: object) => parsePreprocess(JSON.stringify({ ...tsm, ...patch }));
    expect(broken({ crop: 300 })).toEqual({ ok: false, error: "metadata 'vnet.preprocess' 'crop' must be a positive whole number no larger than 'resize'" });
    expect(broken({ std: [1, 0, 1] })).toEqual({ ok: false, error: "metadata 'vnet.preprocess' 'std' must be a list of 3 positive numbers" });
    expect(broken({ sampling: { scheme: 'dense' } })).toEqual({
      ok: false,
      error: "metadata 'vnet.preprocess' 'sampling.scheme' must be one of segments, clip, every",
    });
    expect(broken({ sampling: { scheme: 'clip', rate: 32 } })).toEqual({
      ok: false,
      error: "metadata 'vnet.preprocess' 'sampling.fps' must be a positive number",
    });
    expect(broken({ layout: 'NHWC' }).ok).toBe(false);
    expect(parsePreprocess('[').ok).toBe(false);
    expect(readContract(new Map([[CONTRACT_KEYS.preprocess, '{}']])).ok).toBe(false);
  });

  it('rejects labels that are not a list of strings', () => {
    expect(parseLabelList('["a", 1]')).toEqual({ ok: false, error: "metadata 'vnet.labels' must be a list of strings" });
    expect(parseLabelList('x')).toEqual({ ok: false, error: "metadata 'vnet.labels' is not JSON" });
  });
});
