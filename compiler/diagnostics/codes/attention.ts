/** VN6xx: TimeSformer tokens and attention. */
import { defineCode } from '../code.js';

export const HeadsNotDividing = defineCode<{ heads: number; dim: number }>({
  code: 'VN601',
  exit: 'input',
  severity: 'error',
  title: 'heads do not divide the width',
  message: ({ heads, dim }) => `attention: ${heads} heads do not divide the token width ${dim}`,
  hint: ({ dim }) => `pick a number of heads that divides ${dim} (TimeSformer-Base: 768 / 12 = 64 per head)`,
});

export const PatchNotDividing = defineCode<{ patch: number; height: number; width: number }>({
  code: 'VN602',
  exit: 'input',
  severity: 'error',
  title: 'patch does not divide the frame',
  message: ({ patch, height, width }) =>
    `patch_embed: patch ${patch} does not divide the frame size ${height} x ${width}`,
  hint: ({ patch }) => `resize the clip to a multiple of ${patch}, or change the patch size`,
});

export const NotTokens = defineCode<{ op: string; shape: string }>({
  code: 'VN603',
  exit: 'input',
  severity: 'error',
  title: 'expected tokens',
  message: ({ op, shape }) => `'${op}' needs patch tokens, found a plain ${shape} tensor`,
  hint: () => 'make tokens with patch_embed first',
});

export const TokensNotAllowed = defineCode<{ op: string }>({
  code: 'VN604',
  exit: 'input',
  severity: 'error',
  title: 'operation not allowed on tokens',
  message: ({ op }) => `'${op}' cannot take token values: the order of tokens in memory belongs to the compiler`,
  hint: () => 'token values can be layernormed, linear-ed, mlp-ed, attended and summed; use `cls` to get a plain [N, D] tensor',
});

export const WrongTokenLayout = defineCode<{ op: string; expected: string; found: string }>({
  code: 'VN605',
  exit: 'input',
  severity: 'error',
  title: 'wrong token layout',
  message: ({ op, expected, found }) => `'${op}' needs ${expected} tokens, found ${found} tokens`,
  hint: () => 'TimeSformer order: patch_embed |> cls_token |> pos_embed |> time_embed',
});

export const AttentionOverLayout = defineCode<{ over: string; layout: string }>({
  code: 'VN606',
  exit: 'input',
  severity: 'error',
  title: 'attention grouping not possible',
  message: ({ over, layout }) => `attention(over=${over}) is not possible on ${layout} tokens`,
  hint: ({ layout }) =>
    layout === 'per_frame'
      ? 'per-frame tokens (before time_embed) only attend over space; apply time_embed to mix frames'
      : undefined,
});

export const NoClsToken = defineCode<{ op: string }>({
  code: 'VN607',
  exit: 'input',
  severity: 'error',
  title: 'no cls token',
  message: ({ op }) => `'${op}' needs a cls token, but these tokens are patch tokens only`,
  hint: () => 'add one with cls_token, or add this patch-only value to a full token value first',
});

export const TokenAddMismatch = defineCode<{ left: string; right: string }>({
  code: 'VN608',
  exit: 'input',
  severity: 'error',
  title: 'token values do not add',
  message: ({ left, right }) => `cannot add ${left} and ${right}`,
  hint: () => 'token values add when their layouts match, or a patch-only value adds to a full token value',
});

export const GridNotEven = defineCode<{ over: string; frames: number; height: number; width: number }>({
  code: 'VN609',
  exit: 'input',
  severity: 'error',
  title: 'token grid not even',
  message: ({ over, frames, height, width }) =>
    `attention(over=${over}) splits the ${frames} x ${height} x ${width} token grid in halves, but it is not even`,
});
