import { describe, expect, it } from 'vitest';
import { labelOf, parseLabels } from '../../runtime/labels.js';
import { topK, topKPerItem } from '../../runtime/topk.js';

describe('topK', () => {
  it('ranks highest first, ties by lower index, NaN last', () => {
    expect(topK([0.1, 0.7, NaN, 0.7, 0.2], 5)).toEqual([
      { index: 1, score: 0.7 },
      { index: 3, score: 0.7 },
      { index: 4, score: 0.2 },
      { index: 0, score: 0.1 },
      { index: 2, score: NaN },
    ]);
  });

  it('clamps k to the row', () => {
    expect(topK([3, 1], 10).map((r) => r.index)).toEqual([0, 1]);
    expect(topK([3, 1], 0)).toEqual([]);
  });

  it('ranks each batch item of an [N, C] output on its own', () => {
    const data = Float32Array.from([0, 5, 1, /* item 1 */ 9, 0, 2]);
    expect(topKPerItem(data, [2, 3], 2)).toEqual([
      [{ index: 1, score: 5 }, { index: 2, score: 1 }],
      [{ index: 0, score: 9 }, { index: 2, score: 2 }],
    ]);
    expect(topKPerItem(Float32Array.from([1, 3, 2]), [3], 1)).toEqual([[{ index: 1, score: 3 }]]);
  });
});

describe('labels', () => {
  it('reads one label per line, ignoring CR and the final newline', () => {
    const labels = parseLabels('abseiling\r\narchery\nbaking cookies\n');
    expect(labels).toEqual(['abseiling', 'archery', 'baking cookies']);
    expect(labelOf(labels, 2)).toBe('baking cookies');
    expect(labelOf(labels, 3)).toBeUndefined();
    expect(labelOf(undefined, 0)).toBeUndefined();
  });

  it('keeps empty labels in the middle, so indices stay aligned', () => {
    expect(parseLabels('a\n\nc')).toEqual(['a', '', 'c']);
  });
});
