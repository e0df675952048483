/**
 * fold-attention-linear on the newer token forms: VideoMAE's attention (bias=qv) over tubelet tokens, and an
 * attention over a plain [N, L, D] sequence; the folded graph gives the unfolded numbers on both targets.
 */
import { describe, expect, it } from 'vitest';
import { foldAttentionLinear } from '../../compiler/passes/fold-attention-linear.js';
import { build, graphOf, moduleOf, nodeNamed, runFirst, runPass, scaledMaxDiff, seededInput, TOLERANCE } from './helpers.js';

const VIDEOMAE = `network vm(clip: f32[N, 3, 4, 32, 32]) -> f32[N, 5] {
  let x = clip |> patch_embed(16, patch=(2, 16, 16)) as patch_embed |> pos_embed(table=sincos)
  x = x + (x |> layernorm(eps=1e-6) as norm1 |> attention(2, over=all, bias=qv) as attn |> linear(16) as fc)
  return x |> mean(1) |> layernorm(eps=1e-6) as fc_norm |> linear(5) as head
}
`;

const SEQUENCE = `network seq(x: f32[N, 6, 16]) -> f32[N, 5] {
  let y = x |> cls_token as cls_token |> pos_embed as pos_embed
  y = y + (y |> attention(2, bias=none) as attn |> linear(16) as fc)
  return y |> cls |> linear(5) as head
}
`;

describe.each([
  ['VideoMAE attention (bias=qv) over tubelet tokens', VIDEOMAE, [2, 3, 4, 32, 32]],
  ['attention (bias=none) over a sequence after its cls token', SEQUENCE, [2, 6, 16]],
] as const)('fold-attention-linear: %s', (_title, source, input) => {
  it('folds the linear into the output projection, with the same numbers on both targets', async () => {
    const graph = graphOf(source);
    const run = runPass(foldAttentionLinear, moduleOf(graph));
    expect(run.notes).toEqual([{ pass: 'fold-attention-linear', site: 'attn', fired: true, reason: 'folded fc into the output projection' }]);
    expect(nodeNamed(run.module.graph, 'attn').outputs).toEqual(['fc']);
    const x = seededInput(input);
    for (const target of ['portable', 'ort-cpu'] as const) {
      const unfolded = await runFirst(build(graph, { target, level: 0 }).bytes, x);
      const folded = await runFirst(build(graph, { target, passes: ['fold-attention-linear'] }).bytes, x);
      expect(scaledMaxDiff(folded.data, unfolded.data), target).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});
