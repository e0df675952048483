import { describe, expect, it } from 'vitest';
import type { IRParam } from '../../compiler/ir/graph.js';
import { bindWeights } from '../../compiler/weights/bind.js';
import { parseSafetensors, safetensorsTensors } from '../../compiler/weights/safetensors.js';
import type { NamedTensor } from '../../compiler/weights/tensor.js';
import { writeSafetensors, type TensorToWrite } from '../../compiler/weights/safetensors-write.js';

const p = (name: string, shape: number[]): IRParam => ({ name, shape, dtype: 'f32', init: { kind: 'zeros' } });
const f32 = (shape: number[], fill = 1): TensorToWrite => ({ dtype: 'F32', shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(fill) });

const params = [p('conv1.weight', [4, 3, 3, 3]), p('bn1.weight', [4]), p('fc.weight', [10, 4])];

function file(tensors: Record<string, TensorToWrite>): NamedTensor[] {
  const parsed = parseSafetensors(writeSafetensors(tensors));
  if (!parsed.ok) throw new Error(parsed.error);
  return safetensorsTensors(parsed.value);
}

const good = { 'conv1.weight': f32([4, 3, 3, 3], 2), 'bn1.weight': f32([4], 3), 'fc.weight': f32([10, 4], 4) };

describe('bindWeights', () => {
  it('binds every parameter and ignores num_batches_tracked', () => {
    const counter: TensorToWrite = { dtype: 'F32', shape: [], data: Float32Array.of(0) };
    const result = bindWeights(params, file({ ...good, 'bn1.num_batches_tracked': counter }), { path: 'w.safetensors' });
    expect(result.diagnostics).toEqual([]);
    expect(result.weights?.tensor(params[1]!)).toEqual(Float32Array.from([3, 3, 3, 3]));
  });

  it('reports missing parameters with their shapes', () => {
    const { 'fc.weight': _, ...partial } = good;
    const result = bindWeights(params, file(partial), { path: 'w.safetensors' });
    expect(result.weights).toBeUndefined();
    expect(result.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual(["VN402: 'w.safetensors' lacks 1 parameter the network needs: fc.weight [10, 4]"]);
  });

  it('reports unexpected tensors and suggests the prefix that would match', () => {
    const result = bindWeights(params, file({ ...good, 'head.fc.weight': f32([10, 4]), extra: f32([2]) }), { path: 'w.safetensors' });
    expect(result.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([
      "VN403: 'w.safetensors' has 2 tensors the network does not use: head.fc.weight [10, 4], extra [2]",
    ]);
    expect(result.diagnostics[0]?.hint).toBe("the names start with 'head.': strip it with --weights-prefix head.");
  });

  it('reports mis-shaped parameters', () => {
    const result = bindWeights(params, file({ ...good, 'fc.weight': f32([1000, 4]), 'bn1.weight': f32([5]) }), { path: 'w.safetensors' });
    expect(result.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([
      "VN404: 2 parameters in 'w.safetensors' have the wrong shape: bn1.weight is [5], the network needs [4], fc.weight is [1000, 4], the network needs [10, 4]",
    ]);
  });

  it('strips module. when every name has it, and an explicit prefix when asked', () => {
    const wrapped = Object.fromEntries(Object.entries(good).map(([k, v]) => [`module.${k}`, v]));
    expect(bindWeights(params, file(wrapped), { path: 'w' }).diagnostics).toEqual([]);
    const custom = Object.fromEntries(Object.entries(good).map(([k, v]) => [`backbone.${k}`, v]));
    expect(bindWeights(params, file(custom), { path: 'w', prefix: 'backbone.' }).diagnostics).toEqual([]);
    expect(bindWeights(params, file(custom), { path: 'w' }).diagnostics.map((d) => d.code)).toEqual(['VN402', 'VN403']);
  });

  it('accepts F16 tensors', () => {
    const half = { ...good, 'bn1.weight': { dtype: 'F16', shape: [4], data: Float32Array.from([0.5, 1, 1.5, 2]) } as const };
    const result = bindWeights(params, file(half), { path: 'w' });
    expect(result.weights?.tensor(params[1]!)).toEqual(Float32Array.from([0.5, 1, 1.5, 2]));
  });
});
