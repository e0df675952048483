import { describe, expect, it } from 'vitest';
import { topK, topKPerItem } from '../../portable/top-k.js';

describe('topK', () => {
  it('ranks highest first, ties by lower index, NaN last (below -Infinity), on node and the page alike', () => {
    expect(topK([0.1, 0.7, NaN, 0.7, 0.2], 5)).toEqual([
      { index: 1, score: 0.7 },
      { index: 3, score: 0.7 },
      { index: 4, score: 0.2 },
      { index: 0, score: 0.1 },
      { index: 2, score: NaN },
    ]);
  });

  it('puts NaN after every number, -Infinity included, whatever the order', () => {
    expect(topK([NaN, -Infinity, 1, NaN], 4).map((r) => r.index)).toEqual([2, 1, 0, 3]);
    expect(topK(Float32Array.from([-Infinity, NaN, -Infinity]), 3).map((r) => r.index)).toEqual([0, 2, 1]);
  });

  it('clamps k to the row', () => {
    expect(topK([3, 1], 10).map((r) => r.index)).toEqual([0, 1]);
    expect(topK([3, 1], 0)).toEqual([]);
  });

  it('ranks each batch item of an [N, C] output on its own', () => {
    const data = Float32Array.from([0, 5, 1, /* item 1 */ 9, 0, 2]);
    expect(topKPerItem(data, [2, 3], 2)).toEqual([
      [
        { index: 1, score: 5 },
        { index: 2, score: 1 },
      ],
      [
        { index: 0, score: 9 },
        { index: 2, score: 2 },
      ],
    ]);
    expect(topKPerItem(Float32Array.from([1, 3, 2]), [3], 1)).toEqual([[{ index: 1, score: 3 }]]);
  });
});
