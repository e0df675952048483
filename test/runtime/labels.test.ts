import { describe, expect, it } from 'vitest';
import { labelOf, parseLabels } from '../../runtime/labels.js';

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
