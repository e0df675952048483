/**
 * patch_embed(dim, patch=16): `[N, C, T, H, W]` (TimeSformer's B, C, T, H, W) -> patch tokens [N, T*S, dim],
 * cls none, S = (H/p)*(W/p). Official parameters `proj.weight [dim, C, p, p]`, `proj.bias [dim]`
 * (a per-frame Conv2d with kernel = stride = patch, PyTorch's default init).
 */
import { PatchNotDividing } from '../../diagnostics/codes.js';
import { atLeast, first, knownDim, perSample, requireRank } from './common.js';
import type { IROpRule, SurfaceOp } from './schema.js';

export const patchEmbedRule: IROpRule<'patch_embed'> = {
  facts: { time: { kind: 'mixes-frames', why: 'it embeds a whole clip' }, channels: 'mixing', betweenShiftAndConv: false, blockedOnnxOps: [] },
  infer(a, inputs) {
    const x = first(inputs);
    if (!x || x.shape.length !== 5) return 'expects [N, C, T, H, W]';
    const [n, , t, h, w] = x.shape;
    if (typeof t !== 'number' || typeof h !== 'number' || typeof w !== 'number' || n === undefined) return 'T, H and W must be known';
    if (h % a.patch !== 0 || w % a.patch !== 0) return 'patch does not divide the frame';
    const layout = { frames: t, height: h / a.patch, width: w / a.patch, cls: 'none' } as const;
    return { shape: [n, t * layout.height * layout.width, a.dim], tokens: layout };
  },
  macs(node, inputs, output) {
    const c = inputs[0]?.shape[1];
    return perSample(output) * (typeof c === 'number' ? c : 0) * node.attrs.patch * node.attrs.patch;
  },
};

export const patch_embed: SurfaceOp = {
  name: 'patch_embed',
  tokens: 'reject',
  hasParams: true,
  args: [
    { name: 'dim', type: { kind: 'int' } },
    { name: 'patch', type: { kind: 'int' }, default: 16 },
  ],
  apply(call) {
    const x = call.input;
    const hint = x.shape.length === 4 ? 'patch_embed takes the whole clip [N, C, T, H, W], before any frames' : undefined;
    if (!requireRank(call, 'a 5-D clip [N, C, T, H, W]', x.shape.length === 5, hint)) return undefined;
    const c = knownDim(call, x.shape[1], 'the channel count (axis 1)');
    const t = knownDim(call, x.shape[2], 'the number of frames (axis 2)');
    const h = knownDim(call, x.shape[3], 'the frame height');
    const w = knownDim(call, x.shape[4], 'the frame width');
    const dim = call.int('dim');
    const p = call.int('patch');
    if (c === undefined || t === undefined || h === undefined || w === undefined) return undefined;
    if (!atLeast(call, 'dim', [dim], 1) || !atLeast(call, 'patch', [p], 1)) return undefined;
    if (h % p !== 0 || w % p !== 0) return void call.report(PatchNotDividing, { patch: p, height: h, width: w }, 'patch');
    const fanIn = c * p * p;
    return call.emit('patch_embed', { patch: p, dim }, {
      params: {
        weight: { shape: [dim, c, p, p], init: { kind: 'uniform_fan_in', fanIn }, suffix: 'proj.weight' },
        bias: { shape: [dim], init: { kind: 'uniform_fan_in', fanIn }, suffix: 'proj.bias' },
      },
    });
  },
};
