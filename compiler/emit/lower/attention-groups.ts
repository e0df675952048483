/**
 * Which patch tokens attend to each other, as a factorization of the patch grid.
 *
 * Patch tokens live in memory frame-major, (t, h, w) row-major (see tokens.ts). Every `over` splits
 * the grid axes into sub-axes that are either *group* axes (tokens differing there never meet) or
 * *member* axes (they attend to each other). Grouping is then one reshape, one transpose that moves
 * the group sub-axes first, and one reshape; the lowerings merge that transpose with the head split.
 */
import type { AttentionOver } from '../../ir/graph.js';

/** The patch grid of one attention sequence: frames x height x width patches. */
export interface PatchGrid {
  readonly frames: number;
  readonly height: number;
  readonly width: number;
}

export interface SubAxis {
  readonly size: number;
  readonly group: boolean;
}

export interface GroupPlan {
  /** Sub-axes in memory order; adjacent axes of the same role merged, size-1 axes dropped. */
  readonly axes: readonly SubAxis[];
  /** Number of groups per sequence (G) and tokens per group (M). */
  readonly groups: number;
  readonly members: number;
}

const g = (size: number): SubAxis => ({ size, group: true });
const m = (size: number): SubAxis => ({ size, group: false });

function splitAxes(grid: PatchGrid, over: AttentionOver): SubAxis[] {
  const { frames: t, height: h, width: w } = grid;
  switch (over) {
    case 'time':
      return [m(t), g(h), g(w)];
    case 'space':
      return [g(t), m(h), m(w)];
    case 'all':
      return [m(t), m(h), m(w)];
    case 'width':
      return [g(t), g(h), m(w)];
    case 'height':
      return [g(t), m(h), g(w)];
    case 'local': // windows of all frames x h/2 x w/2: h = hb * h/2 + hi
      return [m(t), g(2), m(h / 2), g(2), m(w / 2)];
    case 'global': // same (t mod 2, h mod 2, w mod 2): t = ti * 2 + tm
      return [m(t / 2), g(2), m(h / 2), g(2), m(w / 2), g(2)];
    default: {
      const never: never = over;
      throw new Error(`unknown attention grouping ${String(never)}`);
    }
  }
}

export function groupPlan(grid: PatchGrid, over: AttentionOver): GroupPlan {
  const axes: SubAxis[] = [];
  for (const axis of splitAxes(grid, over)) {
    if (!Number.isInteger(axis.size)) throw new Error(`attention over=${over} needs an even patch grid`);
    if (axis.size === 1) continue;
    const last = axes[axes.length - 1];
    if (last !== undefined && last.group === axis.group) axes[axes.length - 1] = { size: last.size * axis.size, group: axis.group };
    else axes.push(axis);
  }
  const product = (group: boolean): number => axes.filter((a) => a.group === group).reduce((n, a) => n * a.size, 1);
  return { axes, groups: product(true), members: product(false) };
}

/** A single group holding a whole sequence of `length` tokens (joint attention, or cls joined in place). */
export function wholeSequence(length: number): GroupPlan {
  return { axes: [m(length)], groups: 1, members: length };
}

/** True when grouping needs no data movement in token space (all group axes precede all member axes). */
export function isContiguous(plan: GroupPlan): boolean {
  const firstMember = plan.axes.findIndex((a) => !a.group);
  return firstMember < 0 || plan.axes.slice(firstMember).every((a) => !a.group);
}

function indicesOf(plan: GroupPlan, group: boolean): number[] {
  return plan.axes.flatMap((a, i) => (a.group === group ? [i + 1] : []));
}

export function sizesOf(plan: GroupPlan, group: boolean): number[] {
  return plan.axes.filter((a) => a.group === group).map((a) => a.size);
}

/**
 * For the view [B, a1..ak, heads, headDim]: the permutation to [B, groups.., heads, members.., headDim]
 * (queries, values) or, with `keyMajor`, to [B, groups.., heads, headDim, members..] (keys, ready for Q K^T).
 */
export function headPerm(plan: GroupPlan, keyMajor: boolean): number[] {
  const k = plan.axes.length;
  const groups = indicesOf(plan, true);
  const members = indicesOf(plan, false);
  return keyMajor ? [0, ...groups, k + 1, k + 2, ...members] : [0, ...groups, k + 1, ...members, k + 2];
}

/** For the view [B, a1..ak, D]: the permutation to [B, groups.., members.., D]. */
export function tokenPerm(plan: GroupPlan): number[] {
  const k = plan.axes.length;
  return [0, ...indicesOf(plan, true), ...indicesOf(plan, false), k + 1];
}

export function inversePerm(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length).fill(0);
  perm.forEach((p, i) => {
    inv[p] = i;
  });
  return inv;
}
