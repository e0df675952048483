import { describe, expect, it } from 'vitest';
import { encodeCachePairs, parseCachePairs } from '../../contract/caches.js';
import { CONTRACT_KEYS } from '../../contract/keys.js';
import { readContract } from '../../contract/model-contract.js';
import { describePrecision, encodeCalibration, encodePrecision } from '../../contract/precision.js';

const calibration = { method: 'percentile', percentile: 99.999, clips: 16, source: 'calib', sha256: 'ab'.repeat(32) };

describe('contract: precision, calibration, int8 caches', () => {
  it('reads back what the compiler writes', () => {
    const metadata = new Map([
      [CONTRACT_KEYS.precision, encodePrecision('int8')],
      [CONTRACT_KEYS.calibration, encodeCalibration(calibration)],
    ]);
    expect(readContract(metadata)).toEqual({ ok: true, value: { constants: {}, sets: {}, precision: 'int8', calibration } });
    expect(describePrecision('int8', calibration)).toBe('int8 (calibrated: percentile 99.999 over 16 clips of calib)');
    expect(describePrecision(undefined, undefined)).toBe('fp32');
  });

  it('refuses a malformed precision or calibration with one line naming the key', () => {
    expect(readContract(new Map([[CONTRACT_KEYS.precision, 'int4']]))).toEqual({
      ok: false,
      error: "metadata 'vnet.precision' must be one of fp32, int8, fp16, found 'int4'",
    });
    expect(readContract(new Map([[CONTRACT_KEYS.calibration, '{"method":"minmax"}']]))).toEqual({
      ok: false,
      error: `metadata 'vnet.calibration' must be {"method", "clips", "source", "sha256"}`,
    });
    expect(readContract(new Map([[CONTRACT_KEYS.calibration, 'nope']]))).toEqual({ ok: false, error: "metadata 'vnet.calibration' is not JSON" });
  });

  it('int8 caches carry their dtype, scale, zero point and layout; float caches none', () => {
    const pairs = [
      { input: 'a.cache', output: 'a.cache_next', quant: { dtype: 'uint8' as const, scale: 0.02, zeroPoint: 121, layout: 'nhwc' as const } },
      { input: 'b.cache', output: 'b.cache_next' },
    ];
    const text = encodeCachePairs(pairs);
    expect(JSON.parse(text)).toEqual([
      { input: 'a.cache', output: 'a.cache_next', dtype: 'uint8', scale: 0.02, zero_point: 121, layout: 'nhwc' },
      { input: 'b.cache', output: 'b.cache_next' },
    ]);
    expect(parseCachePairs(text)).toEqual({ ok: true, value: pairs });
    for (const bad of [
      { dtype: 'uint8', scale: 0.02, zero_point: 300, layout: 'nhwc' },
      { dtype: 'uint8', scale: -1, zero_point: 0, layout: 'nhwc' },
      { dtype: 'int4', scale: 1, zero_point: 0, layout: 'nhwc' },
      { scale: 1 },
    ]) {
      const parsed = parseCachePairs(JSON.stringify([{ input: 'a', output: 'b', ...bad }]));
      expect(parsed.ok, JSON.stringify(bad)).toBe(false);
    }
  });
});
