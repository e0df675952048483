/**
 * Token messages in the user's words (issue #23): layouts are described as what made them (patch tokens with
 * or without a cls token, a sequence), never by internal names (`per_frame`, `none`), and hints point at what
 * the network has (a model without a cls token is pointed at `mean(1)`, not at `cls`). Each text is exact.
 */
import { describe, expect, it } from 'vitest';
import { check, expectDiagnostics, graphOf, outputShape, paramNames } from './helpers.js';

/** The one diagnostic of a snippet: `CODE line:col message [hint]`. */
function only(src: string): string {
  const { diagnostics } = check(src);
  expect(diagnostics).toHaveLength(1);
  const d = diagnostics[0];
  return `${d?.code} ${d?.span?.line}:${d?.span?.column} ${d?.message} [${d?.hint ?? ''}]`;
}

const CLIP = 'x: f32[N, 3, 8, 32, 32]';
const TUBELETS = 'patch_embed(64, patch=(2, 16, 16)) as pe';

describe('token messages', () => {
  it("pos_embed on patch tokens without a cls token is VideoMAE's learned table [1, L, D], not an error", () => {
    const graph = graphOf(`network net(${CLIP}) {\n  return x |> ${TUBELETS} |> pos_embed as pos_embed\n}\n`);
    const pos = graph.nodes.find((n) => n.op === 'pos_embed');
    expect(Object.values(pos?.params ?? {}).map((p) => [p.name, p.shape])).toEqual([['pos_embed', [1, 16, 64]]]);
  });

  it('VN605 names both layouts in words (time_embed before cls_token)', () => {
    expect(only(`network net(${CLIP}) {\n  return x |> patch_embed(64) as pe |> time_embed as time\n}\n`)).toBe(
      "VN605 2:40 'time_embed' needs patch tokens with a cls token in each frame, found patch tokens (8 x 2 x 2) without a cls token [TimeSformer order: patch_embed |> cls_token |> pos_embed |> time_embed]",
    );
  });

  it('VN605 for a second cls token says where cls_token goes', () => {
    expect(only(`network net(${CLIP}) {\n  return x |> patch_embed(64) as pe |> cls_token as cls_token |> cls_token as again\n}\n`)).toBe(
      "VN605 2:66 'cls_token' needs patch tokens without a cls token, found patch tokens (8 x 2 x 2) with a cls token in each frame [a value gets one cls token: cls_token comes right after patch_embed (or on a plain [N, L, D] sequence)]",
    );
  });

  it('VN604 on mean over another axis points at mean(1)', () => {
    expect(only(`network net(${CLIP}) {\n  return x |> ${TUBELETS} |> mean(2)\n}\n`)).toBe(
      "VN604 2:64 'mean' cannot take token values: the order of tokens in memory belongs to the compiler [the mean over the tokens is `mean(1)`, which gives a plain [N, D] tensor]",
    );
  });

  it('VN604 on tokens without a cls token suggests mean(1) only', () => {
    expect(only(`network net(${CLIP}) {\n  return x |> ${TUBELETS} |> reshape(N, -1)\n}\n`)).toBe(
      "VN604 2:59 'reshape' cannot take token values: the order of tokens in memory belongs to the compiler [token values can be layernormed, linear-ed, mlp-ed, attended and summed; for a plain [N, D] tensor take the mean over the tokens (`mean(1)`): these tokens have no cls token]",
    );
  });

  it('VN604 on tokens with a cls token suggests cls or mean(1)', () => {
    expect(only(`network net(${CLIP}) {\n  return x |> patch_embed(64) as pe |> cls_token as cls_token |> reshape(N, -1)\n}\n`)).toBe(
      "VN604 2:66 'reshape' cannot take token values: the order of tokens in memory belongs to the compiler [token values can be layernormed, linear-ed, mlp-ed, attended and summed; for a plain [N, D] tensor take the cls token (`cls`) or the mean over the tokens (`mean(1)`)]",
    );
  });

  it('VN607 cls of tokens without a cls token', () => {
    expect(only(`network net(${CLIP}) {\n  return x |> ${TUBELETS} |> cls\n}\n`)).toBe(
      "VN607 2:59 'cls' needs a cls token, but its input is patch tokens (4 x 2 x 2) without a cls token [add one with cls_token, take the mean over the tokens with mean(1), or add this patch-only value to a full token value first]",
    );
  });

  it('VN607 cls of a plain sequence', () => {
    expect(only('network net(x: f32[N, 16, 64]) {\n  return x |> cls\n}\n')).toBe(
      "VN607 2:15 'cls' needs a cls token, but its input is a sequence of 16 tokens [add one with cls_token, or take the mean over the tokens with mean(1)]",
    );
  });

  it('VN606 attention over time on a sequence', () => {
    expect(only('network net(x: f32[N, 16, 64]) {\n  return x |> attention(4, over=time) as attn\n}\n')).toBe(
      'VN606 2:33 attention(over=time) is not possible on a sequence of 16 tokens [a token sequence has no frames or patch grid to group by: attend over all of it with over=all]',
    );
  });

  it('VN606 attention over time before time_embed', () => {
    expect(only(`network net(${CLIP}) {\n  return x |> patch_embed(64) as pe |> cls_token as cls_token |> attention(4, over=time) as attn\n}\n`)).toBe(
      'VN606 2:84 attention(over=time) is not possible on patch tokens (8 x 2 x 2) with a cls token in each frame [tokens with a cls token in each frame (before time_embed) only attend over space; apply time_embed to mix frames]',
    );
  });

  it('VN603 on a plain tensor that is not a [N, L, D] sequence', () => {
    expect(only('network net(x: f32[N, 16, 4, 64]) {\n  return x |> pos_embed as pos\n}\n')).toBe(
      "VN603 2:15 'pos_embed' needs patch tokens or a [N, L, D] sequence, found a plain [N, 16, 4, 64] tensor [make tokens with patch_embed first, or give it a 3-D [N, L, D] sequence]",
    );
  });

  it('VN608 describes both sides in words', () => {
    expect(only(`network net(${CLIP}) {\n  let p = x |> patch_embed(64) as pe\n  return p + (p |> cls_token as cls_token)\n}\n`)).toBe(
      'VN608 3:10 cannot add patch tokens (8 x 2 x 2) without a cls token [N, 32, 64] and patch tokens (8 x 2 x 2) with a cls token in each frame [8*N, 5, 64] [token values add when their layouts match, or a patch-only value adds to a full token value]',
    );
  });

  it('VN610 a tubelet that does not divide the frames', () => {
    expect(only('network net(x: f32[N, 3, 15, 32, 32]) {\n  return x |> patch_embed(64, patch=(2, 16, 16)) as pe\n}\n')).toBe(
      "VN610 2:37 patch_embed: tubelets of 2 frames do not divide the clip's 15 frames [give the clip a multiple of 2 frames, or change the first size of patch=(t, p, p)]",
    );
  });
});

describe('plain [N, L, D] sequences', () => {
  it('take cls_token, pos_embed, layernorm, mlp, linear, attention(over=all) and cls', () => {
    const graph = graphOf(`network net(x: f32[N, 6, 32]) -> f32[N, 10] {
  let y = x |> linear(32) as proj |> cls_token as cls_token |> pos_embed as pos_embed
  y = y + (y |> layernorm as norm1 |> attention(4, over=all) as attn)
  y = y + (y |> layernorm as norm2 |> mlp(64) as mlp)
  return y |> layernorm as norm |> cls |> linear(10) as head
}
`);
    expect(outputShape(graph)).toBe('[N, 10]');
    expect(paramNames(graph).filter((n) => !n.includes('.'))).toEqual(['cls_token', 'pos_embed']);
    expect(graph.nodes.find((n) => n.name === 'pos_embed')?.params['value']?.shape).toEqual([1, 7, 32]);
  });

  it('without a cls token: positions [1, L, D] or the sin-cos table, attention over all (its default), mean(1)', () => {
    const graph = graphOf(`network net(x: f32[N, 6, 32]) -> f32[N, 32] {
  let y = x |> pos_embed(table=sincos) |> attention(4, bias=qv) as attn
  return y |> mean(1)
}
`);
    expect(outputShape(graph)).toBe('[N, 32]');
    expect(paramNames(graph)).toEqual(['attn.qkv.weight', 'attn.q_bias', 'attn.v_bias', 'attn.proj.weight', 'attn.proj.bias']);
  });

  it('mean(1) of tokens with a cls token in each frame keeps one row per frame', () => {
    const graph = graphOf(`network net(${CLIP}) {\n  return x |> patch_embed(64) as pe |> cls_token as cls_token |> mean(1)\n}\n`);
    expect(outputShape(graph)).toBe('[8*N, 64]');
  });

  it('pos_embed(table=sincos) has no parameter, so it needs no label', () => {
    expectDiagnostics(`network net(${CLIP}) {\n  return x |> ${TUBELETS} |> pos_embed(table=sincos) |> mean(1)\n}\n`, []);
    expectDiagnostics(`network net(${CLIP}) {\n  return x |> ${TUBELETS} |> pos_embed |> mean(1)\n}\n`, ['VN220 2:59']);
  });
});
