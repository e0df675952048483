/** How each `over` factors the (t, h, w) patch grid into groups; the lowerings reshape/transpose by these plans. */
import { describe, expect, it } from 'vitest';
import { groupPlan, headPerm, isContiguous, tokenPerm } from '../../compiler/emit/lower/attention-groups.js';

const grid = { frames: 8, height: 14, width: 14 };

describe('groupPlan on an 8 x 14 x 14 grid', () => {
  it.each([
    ['time', 196, 8, false],
    ['space', 8, 196, true],
    ['all', 1, 1568, true],
    ['width', 112, 14, true],
    ['height', 112, 14, false],
    ['local', 4, 392, false],
    ['global', 8, 196, false],
  ] as const)('%s: %i groups of %i tokens, contiguous in memory: %s', (over, groups, members, contiguous) => {
    const plan = groupPlan(grid, over);
    expect([plan.groups, plan.members]).toEqual([groups, members]);
    expect(isContiguous(plan)).toBe(contiguous);
  });

  it('space keeps frames as groups and merges h, w into one member axis', () => {
    expect(groupPlan(grid, 'space').axes).toEqual([
      { size: 8, group: true },
      { size: 196, group: false },
    ]);
  });

  it('global splits every axis into (index, parity), the parities being the groups', () => {
    expect(groupPlan(grid, 'global').axes.map((a) => `${a.size}${a.group ? 'g' : 'm'}`)).toEqual(['4m', '2g', '7m', '2g', '7m', '2g']);
  });

  it('time: one transpose moves the (h w) groups first and splits heads, keys come out transposed', () => {
    const plan = groupPlan(grid, 'time'); // [B, T m, HW g, A, dh]
    expect(headPerm(plan, false)).toEqual([0, 2, 3, 1, 4]); // [B, HW, A, T, dh]
    expect(headPerm(plan, true)).toEqual([0, 2, 3, 4, 1]); // [B, HW, A, dh, T]
    expect(tokenPerm(plan)).toEqual([0, 2, 1, 3]); // [B, HW, T, D]
  });

  it('rejects an odd grid for local and global', () => {
    expect(() => groupPlan({ frames: 3, height: 4, width: 4 }, 'global')).toThrow(/even/);
    expect(() => groupPlan({ frames: 3, height: 5, width: 4 }, 'local')).toThrow(/even/);
  });
});
