/** Summary figures on nets small enough to count by hand. */
import { describe, expect, it } from 'vitest';
import { formatSummary, groupDigits, humanCount } from '../../compiler/summary/format.js';
import { summarize } from '../../compiler/summary/summary.js';
import { graphOf } from '../check/helpers.js';

describe('summary', () => {
  const tiny = `
network tiny(x: f32[N, 2, 3, 8, 8]) -> f32[N, 10] {
  return x
    |> frames
    |> conv2d(4, k=3, pad=1, bias=false) as conv |> batchnorm as bn |> relu
    |> global_avgpool
    |> linear(10) as fc
    |> consensus
}
`;

  it('counts learned parameters (not running statistics) and MACs per clip', () => {
    const s = summarize(graphOf(tiny));
    // conv 4*3*3*3 = 108, bn 4 + 4, fc 4*10 + 10
    expect(s.totalParams).toBe(108 + 8 + 50);
    expect(s.totalBuffers).toBe(8);
    // conv: 2 frames * 4*8*8 outputs * 3*3*3; fc: 2 frames * 10 outputs * 4
    expect(s.totalMacs).toBe(2 * 256 * 27 + 2 * 10 * 4);
    expect(s.rows.map((r) => [r.name, r.op, r.shape, r.params, r.macs])).toEqual([
      ['frames_0', 'frames', '[2*N, 3, 8, 8]', 0, 0],
      ['conv', 'conv', '[2*N, 4, 8, 8]', 108, 13824],
      ['bn', 'batchnorm', '[2*N, 4, 8, 8]', 8, 0],
      ['relu_0', 'relu', '[2*N, 4, 8, 8]', 0, 0],
      ['global_avgpool_0', 'global_avgpool', '[2*N, 4]', 0, 0],
      ['fc', 'linear', '[2*N, 10]', 50, 80],
      ['consensus_0', 'consensus', '[N, 10]', 0, 0],
    ]);
  });

  it('counts grouped convolutions per group', () => {
    const s = summarize(graphOf('network n(x: f32[N, 8, 4, 4]) {\n  return x |> conv2d(8, k=3, pad=1, groups=8, bias=false) as dw\n}\n'));
    expect(s.totalParams).toBe(8 * 9);
    expect(s.totalMacs).toBe(8 * 16 * 9);
  });

  it('counts attention as its linears plus QK^T and AV per group', () => {
    // 2 frames of 2x2 patches, D = 8, over time without cls: 4 groups of 2 tokens, 8 token rows
    const src = `
network n(x: f32[N, 3, 2, 32, 32]) {
  return x |> patch_embed(8, patch=16) as pe |> cls_token as c |> pos_embed as p |> time_embed as t
    |> attention(2, over=time) as attn
}
`;
    const s = summarize(graphOf(src));
    const attn = s.rows.find((r) => r.name === 'attn');
    expect(attn?.macs).toBe(8 * 8 * 24 + 4 * 2 * 2 * 8 * 2 + 8 * 8 * 8);
    expect(attn?.params).toBe(24 * 8 + 24 + 8 * 8 + 8);
    expect(s.rows.find((r) => r.name === 'pe')?.macs).toBe(8 * 8 * 3 * 16 * 16);
  });

  it('prints a table and exact totals', () => {
    const text = formatSummary(summarize(graphOf(tiny)));
    expect(text).toContain('Total params: 166');
    expect(text).toContain('Total MACs: 13.9 K (13,904) per sample');
    expect(text.split('\n')[0]).toBe('network tiny(x: [N, 2, 3, 8, 8])');
    expect(text).toMatch(/^conv\s+conv\s+\[2\*N, 4, 8, 8\]\s+108\s+13\.8 K$/m);
  });

  it('formats counts', () => {
    expect(groupDigits(24327632)).toBe('24,327,632');
    expect(humanCount(32703643648)).toBe('32.7 G');
    expect(humanCount(999)).toBe('999');
  });
});
