import { describe, expect, it } from 'vitest';
import { foldAttentionLinear } from '../../compiler/passes/fold-attention-linear.js';
import type { IRParam } from '../../compiler/ir/graph.js';
import type { WeightSource } from '../../compiler/weights/source.js';
import { build, graphOf, livelyWeights, moduleOf, nodeNamed, opCounts, runFirst, runPass, scaledMaxDiff, seededInput, TOLERANCE } from './helpers.js';

/** TimeSformer's initializers (std 0.02) make the temporal step vanish next to the residual: use weights 25x larger. */
const strong: WeightSource = {
  tensor: (p: IRParam) =>
    livelyWeights()
      .tensor(p)
      .map((v) => (p.init.kind === 'trunc_normal' ? v * 25 : v)),
};

// attention(x) -> linear(W, b)  =>  attention(x) with proj' = W·proj, b' = W·b_proj + b
const TEMPORAL = `const T = 2

network tf(clip: f32[N, 3, T, 32, 32]) -> f32[N, 5] {
  let x = clip |> patch_embed(16, patch=16) as patch_embed |> cls_token as cls_token |> pos_embed as pos_embed |> time_embed as time_embed
  x = x + (x |> layernorm(eps=1e-6) as temporal_norm1 |> attention(2, over=time) as temporal_attn |> linear(16) as temporal_fc)
  # the spatial step carries the patch tokens into the cls token the head reads
  x = x + (x |> attention(2, over=space) as attn)
  return x |> layernorm(eps=1e-6) as norm |> cls |> linear(5) as head
}
`;

const TWO_READERS = `const T = 2

network tf(clip: f32[N, 3, T, 32, 32]) -> f32[N, 5] {
  let x = clip |> patch_embed(16, patch=16) as patch_embed |> cls_token as cls_token |> pos_embed as pos_embed |> time_embed as time_embed
  let a = x |> attention(2, over=space) as attn
  x = (a |> linear(16) as fc) + a
  return x |> cls |> linear(5) as head
}
`;

describe('fold-attention-linear', () => {
  it("folds temporal_fc into temporal_attn's output projection; the parameters keep their checkpoint names", () => {
    const run = runPass(foldAttentionLinear, moduleOf(graphOf(TEMPORAL)));
    expect(run.changed).toBe(true);
    const g = run.module.graph;
    expect(opCounts(g)['linear']).toBe(1);
    const attn = nodeNamed(g, 'temporal_attn');
    expect(attn.outputs).toEqual(['temporal_fc']);
    expect(Object.fromEntries(Object.entries(attn.params).map(([role, p]) => [role, p.name]))).toMatchObject({
      'fc.weight': 'temporal_fc.weight',
      'fc.bias': 'temporal_fc.bias',
    });
    expect(g.nodes.some((n) => n.name === 'temporal_fc')).toBe(false);
    expect(run.notes).toEqual([{ pass: 'fold-attention-linear', site: 'temporal_attn', fired: true, reason: 'folded temporal_fc into the output projection' }]);
    const again = runPass(foldAttentionLinear, run.module);
    expect(again.changed).toBe(false);
  });

  it('skips an attention whose output has another reader, saying so', () => {
    const run = runPass(foldAttentionLinear, moduleOf(graphOf(TWO_READERS)));
    expect(run.changed).toBe(false);
    expect(run.notes).toEqual([{ pass: 'fold-attention-linear', site: 'attn', fired: false, reason: 'the attention output has 2 readers' }]);
  });

  it('gives the same numbers on both targets', async () => {
    const graph = graphOf(TEMPORAL);
    const input = seededInput([1, 3, 2, 32, 32]);
    for (const target of ['portable', 'ort-cpu'] as const) {
      const ref = await runFirst(build(graph, { target, level: 0, weights: strong }).bytes, input);
      const out = await runFirst(build(graph, { target, passes: ['fold-attention-linear'], weights: strong }).bytes, input);
      const unfolded = await runFirst(build(graph, { target, level: 0 }).bytes, input);
      // The weights matter: the default (weak) weights give other numbers.
      expect(scaledMaxDiff(unfolded.data, ref.data)).toBeGreaterThan(1e-2);
      expect(scaledMaxDiff(out.data, ref.data), target).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});
