/** VN6xx: tokens and attention (TimeSformer, VideoMAE, ViViT). */
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
  message: ({ patch, height, width }) => `patch_embed: patch ${patch} does not divide the frame size ${height} x ${width}`,
  hint: ({ patch }) => `resize the clip to a multiple of ${patch}, or change the patch size`,
});

export const NotTokens = defineCode<{ op: string; shape: string; sequence: boolean }>({
  code: 'VN603',
  exit: 'input',
  severity: 'error',
  title: 'expected tokens',
  message: ({ op, shape, sequence }) => `'${op}' needs ${sequence ? 'patch tokens or a [N, L, D] sequence' : 'patch tokens'}, found a plain ${shape} tensor`,
  hint: ({ sequence }) => (sequence ? 'make tokens with patch_embed first, or give it a 3-D [N, L, D] sequence' : 'make tokens with patch_embed first'),
});

export const TokensNotAllowed = defineCode<{ op: string; cls: boolean }>({
  code: 'VN604',
  exit: 'input',
  severity: 'error',
  title: 'operation not allowed on tokens',
  message: ({ op }) => `'${op}' cannot take token values: the order of tokens in memory belongs to the compiler`,
  hint: ({ op, cls }) => {
    if (op === 'mean') return 'the mean over the tokens is `mean(1)`, which gives a plain [N, D] tensor';
    const plain = cls
      ? 'take the cls token (`cls`) or the mean over the tokens (`mean(1)`)'
      : 'take the mean over the tokens (`mean(1)`): these tokens have no cls token';
    return `token values can be layernormed, linear-ed, mlp-ed, attended and summed; for a plain [N, D] tensor ${plain}`;
  },
});

export const WrongTokenLayout = defineCode<{ op: string; expected: string; found: string }>({
  code: 'VN605',
  exit: 'input',
  severity: 'error',
  title: 'wrong token layout',
  message: ({ op, expected, found }) => `'${op}' needs ${expected}, found ${found}`,
  hint: ({ op }) => {
    if (op === 'cls_token') return 'a value gets one cls token: cls_token comes right after patch_embed (or on a plain [N, L, D] sequence)';
    if (op === 'consensus') return 'consensus averages the frames of tokens with a cls token in each frame (the space-only model); mean(1) averages the tokens';
    return 'TimeSformer order: patch_embed |> cls_token |> pos_embed |> time_embed';
  },
});

export const AttentionOverLayout = defineCode<{ over: string; layout: string; sequence: boolean }>({
  code: 'VN606',
  exit: 'input',
  severity: 'error',
  title: 'attention grouping not possible',
  message: ({ over, layout }) => `attention(over=${over}) is not possible on ${layout}`,
  hint: ({ sequence }) =>
    sequence
      ? 'a token sequence has no frames or patch grid to group by: attend over all of it with over=all'
      : 'tokens with a cls token in each frame (before time_embed) only attend over space; apply time_embed to mix frames',
});

export const NoClsToken = defineCode<{ op: string; found: string; sequence: boolean }>({
  code: 'VN607',
  exit: 'input',
  severity: 'error',
  title: 'no cls token',
  message: ({ op, found }) => `'${op}' needs a cls token, but its input is ${found}`,
  hint: ({ sequence }) =>
    sequence
      ? 'add one with cls_token, or take the mean over the tokens with mean(1)'
      : 'add one with cls_token, take the mean over the tokens with mean(1), or add this patch-only value to a full token value first',
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
  message: ({ over, frames, height, width }) => `attention(over=${over}) splits the ${frames} x ${height} x ${width} token grid in halves, but it is not even`,
});

export const TubeletNotDividing = defineCode<{ tubelet: number; frames: number }>({
  code: 'VN610',
  exit: 'input',
  severity: 'error',
  title: 'tubelet does not divide the frames',
  message: ({ tubelet, frames }) => `patch_embed: tubelets of ${tubelet} frames do not divide the clip's ${frames} frames`,
  hint: ({ tubelet }) => `give the clip a multiple of ${tubelet} frames, or change the first size of patch=(t, p, p)`,
});
