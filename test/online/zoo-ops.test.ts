/**
 * `--online` and the video zoo's ops: the element-wise ops (activations, tensor arithmetic, a
 * squeeze-excitation gate pooled within each frame) and a channel concat run one frame at a time;
 * a concat along the merged frame axis is refused with the op's own reason.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.js';
import { removeTempFiles, writeVnet } from './helpers.js';

afterAll(removeTempFiles);

describe('online compilation of the zoo ops', () => {
  it('streams a per-frame network with silu, hardswish, a gate, arithmetic and a channel concat', async () => {
    const text = `const T = 3

network net(clip: f32[N, T, 3, 8, 8]) -> f32[N, 5] {
  let x = clip |> frames |> conv2d(16, k=3, pad=1) as conv |> silu |> shift(fold=1/8, dir=past)
  let gate = x |> avgpool(8) |> conv2d(16, k=1) as fc1 |> hardsigmoid
  let y = concat(x * gate, 1 - x |> hardswish |> leaky_relu |> tanh, axis=1)
  return y |> conv2d(8, k=1) as mix |> global_avgpool |> linear(5) as fc |> consensus
}
`;
    const result = await compileFile(writeVnet(text), { online: true });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.bytes).toBeDefined();
  });

  it('refuses a concat along the merged frame axis, saying why', async () => {
    const text = `network net(clip: f32[1, 2, 3, 8, 8]) -> f32[4, 5] {
  let x = clip |> frames
  return concat(x, x, axis=0) |> global_avgpool |> linear(5) as fc
}
`;
    const result = await compileFile(writeVnet(text), { online: true });
    expect(result.bytes).toBeUndefined();
    expect(result.diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.column} ${d.message}`)).toEqual([
      'VN503 3:10 concat cannot run one frame at a time: it joins along the merged frame axis',
    ]);
  });
});
