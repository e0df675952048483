/** add_patches: inputs [full token value, patch-only value]; the patches add to the patch tokens, cls passes through. */
import { shapeEquals } from '../dim.js';
import { PER_FRAME, type IROpRule } from './schema.js';
import { sameGrid, tokenShape } from './tokens.js';

export const addPatchesRule: IROpRule<'add_patches'> = {
  facts: { time: PER_FRAME, channels: 'mixing', betweenShiftAndConv: false, blockedOnnxOps: [] },
  infer(_a, inputs) {
    const [full, patches] = inputs;
    if (!full?.tokens || !patches?.tokens || full.tokens.cls !== 'shared' || patches.tokens.cls !== 'none') {
      return 'needs shared tokens and patch-only tokens';
    }
    const d = full.shape[2];
    const n = full.shape[0];
    if (!sameGrid(full.tokens, patches.tokens) || d === undefined || n === undefined) return 'token grids differ';
    if (!shapeEquals(patches.shape, tokenShape(patches.tokens, n, d as number))) return 'patch value does not fit';
    return { shape: full.shape, tokens: full.tokens, ...(full.time ? { time: full.time } : {}) };
  },
};
