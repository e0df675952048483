/**
 * `--online` refuses the token operations that mix frames, each with its own reason: a sequence of per-frame
 * features (`unframes`) given positions (pos_embed), attended over all (attention) and averaged (mean) needs
 * the whole clip. Token networks that embed the whole clip (VideoMAE, ViViT) have no per-frame input at all.
 */
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.js';
import { EXAMPLES } from '../conformance/harness.js';
import { removeTempFiles, writeVnet } from './helpers.js';

afterAll(removeTempFiles);

const TEMPORAL_HEAD = `const T = 4

network net(clip: f32[N, T, 3, 8, 8]) -> f32[N, 10] {
  let f = clip |> frames |> conv2d(16, k=3, pad=1) as stem |> global_avgpool |> unframes
  let y = f |> pos_embed as pos_embed |> attention(4, over=all) as attn |> mean(1)
  return y |> linear(10) as head
}
`;

describe('--online and token operations', () => {
  it('refuses pos_embed, attention and mean over a sequence of frames, each with its reason', async () => {
    const result = await compileFile(writeVnet(TEMPORAL_HEAD), { online: true });
    expect(result.bytes).toBeUndefined();
    expect(result.diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.column} ${d.message}`)).toEqual([
      'VN503 4:81 unframes cannot run one frame at a time: it regroups frames into clips',
      'VN503 5:16 pos_embed cannot run one frame at a time: it adds a different position embedding to the tokens of each frame',
      'VN503 5:42 attention(over=all) cannot run one frame at a time: it attends across frames',
      'VN503 5:76 mean cannot run one frame at a time: it may average across frames',
    ]);
  });

  it.each(['videomae_vit_s16', 'vivit_fe'])('%s embeds the whole clip: no per-frame input to stream (VN504)', async (name) => {
    const result = await compileFile(path.join(EXAMPLES, `${name}.vnet`), { online: true, sets: { T: '4', SIZE: '32', DIM: '48', HEADS: '3' } });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['VN504']);
  });
});
