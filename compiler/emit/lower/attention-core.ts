/**
 * What an attention core computes, whatever ONNX it is made of: multi-head self-attention (before the
 * output projection) within the groups of a plan, the cls token optionally joining every group.
 */
import type { OnnxOps } from './attention-ops.js';
import type { GroupPlan } from './attention-groups.js';

export interface GroupedInput {
  /** Patch tokens [B, L, D] in memory order (or a whole sequence, for a single-group plan). */
  readonly patches: string;
  /** The cls token [B, 1, D] that joins every group; its outputs are averaged over the groups. */
  readonly cls?: string;
  readonly plan: GroupPlan;
}

export interface GroupedOutput {
  /** Attention outputs of the patch tokens, [B, L, D], same order as the input. */
  readonly patches: string;
  /** The cls token's output averaged over the groups, [B, 1, D]. */
  readonly cls?: string;
}

export interface QkvParams {
  /** PyTorch Linear weight [3D, D], rows ordered q, k, v, each split into `heads` heads of D/heads. */
  readonly weight: string;
  /** [3D] */
  readonly bias: string;
  readonly heads: number;
  readonly dim: number;
}

export type AttentionCore = (ops: OnnxOps, input: GroupedInput, qkv: QkvParams) => GroupedOutput;
