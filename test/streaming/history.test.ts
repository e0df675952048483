import { describe, expect, it } from 'vitest';
import { HistorySmoothing } from '../../streaming/index.js';

describe('HistorySmoothing (the TSM demo kind)', () => {
  it('changes the shown class only after the new one holds for two frames', () => {
    const h = new HistorySmoothing();
    expect([3, 3, 5, 3, 5, 5, 5].map((top) => h.push(top))).toEqual([3, 3, 3, 3, 3, 5, 5]);
    h.clear();
    expect(h.push(7)).toBe(7);
  });
});
