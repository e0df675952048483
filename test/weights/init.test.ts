import { describe, expect, it } from 'vitest';
import type { IRParam, ParamInit } from '../../compiler/ir/graph.js';
import { initParam } from '../../compiler/weights/init.js';

const p = (init: ParamInit, shape = [64, 16, 3, 3], name = 'layer1.0.conv1.weight'): IRParam => ({ name, shape, dtype: 'f32', init });

function stats(x: Float32Array): { mean: number; std: number; maxAbs: number } {
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const std = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length);
  return { mean, std, maxAbs: x.reduce((m, v) => Math.max(m, Math.abs(v)), 0) };
}

describe('seeded init', () => {
  it('is deterministic per seed and parameter name', () => {
    const a = initParam(p({ kind: 'normal', std: 1 }), 0);
    expect(initParam(p({ kind: 'normal', std: 1 }), 0)).toEqual(a);
    expect(initParam(p({ kind: 'normal', std: 1 }), 1)).not.toEqual(a);
    expect(initParam(p({ kind: 'normal', std: 1 }, undefined, 'other.weight'), 0)).not.toEqual(a);
  });

  it('zeros and ones', () => {
    expect(initParam(p({ kind: 'zeros' }, [3]))).toEqual(new Float32Array(3));
    expect(initParam(p({ kind: 'ones' }, [3]))).toEqual(Float32Array.of(1, 1, 1));
  });

  it('kaiming_normal_fan_out has std sqrt(2 / (out * k * k))', () => {
    const s = stats(initParam(p({ kind: 'kaiming_normal_fan_out' })));
    expect(s.std).toBeCloseTo(Math.sqrt(2 / (64 * 9)), 2);
    expect(Math.abs(s.mean)).toBeLessThan(0.01);
  });

  it('uniform_fan_in stays within 1/sqrt(fan_in)', () => {
    const s = stats(initParam(p({ kind: 'uniform_fan_in', fanIn: 144 })));
    expect(s.maxAbs).toBeLessThanOrEqual(1 / 12);
    expect(s.std).toBeCloseTo(1 / 12 / Math.sqrt(3), 2);
  });

  it('trunc_normal is cut at 2 std', () => {
    const s = stats(initParam(p({ kind: 'trunc_normal', std: 0.02 })));
    expect(s.maxAbs).toBeLessThanOrEqual(0.04 + 1e-9);
    expect(s.std).toBeGreaterThan(0.015);
  });
});
