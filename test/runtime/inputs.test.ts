import { describe, expect, it } from 'vitest';
import { generateInput } from '../../runtime/inputs.js';
import { concreteShape, formatShape, shapeFits } from '../../runtime/tensors.js';

describe('generateInput', () => {
  it('makes the batch 1 and is the same every time', () => {
    const meta = { name: 'clip', isTensor: true, type: 'float32', shape: ['N', 3, 2] } as const;
    const a = generateInput(meta);
    const b = generateInput(meta);
    expect(a.dims).toEqual([1, 3, 2]);
    expect(a.data).toEqual(b.data);
    const values = [...a.data].map(Number);
    expect(values.every((x) => x >= -1 && x < 1)).toBe(true);
    expect(new Set(values).size).toBe(6);
  });

  it('gives int64 inputs zeros and refuses types it cannot make', () => {
    expect(generateInput({ name: 'ids', isTensor: true, type: 'int64', shape: [2] })).toEqual({
      type: 'int64',
      dims: [2],
      data: new BigInt64Array(2),
    });
    expect(() => generateInput({ name: 'm', isTensor: true, type: 'bool', shape: [2] })).toThrow(
      "cannot generate input 'm' of type bool [2]; give it with --input",
    );
  });
});

describe('shapes', () => {
  it('fits symbolic dimensions to any size and fixed ones exactly', () => {
    expect(shapeFits(['N', 3], [4, 3])).toBe(true);
    expect(shapeFits(['N', 3], [4, 2])).toBe(false);
    expect(shapeFits(['N', 3], [3])).toBe(false);
    expect(concreteShape(['N', 3, -1], 2)).toEqual([2, 3, 2]);
    expect(formatShape(['N', 8, 224])).toBe('[N, 8, 224]');
  });
});
