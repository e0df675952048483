/**
 * patch_embed(dim, patch=16): the clip `[N, C, T, H, W]` cut into patches, each embedded by a convolution
 * with kernel = stride = patch, giving patch tokens [N, (T/t)*(H/ph)*(W/pw), dim] (cls none) in (t, h, w) order.
 * - `patch=p` or `(ph, pw)`: TimeSformer's per-frame Conv2d, `proj.weight [dim, C, ph, pw]`;
 * - `patch=(t, ph, pw)`: VideoMAE's and ViViT's tubelet Conv3d, `proj.weight [dim, C, t, ph, pw]`, T/t token frames.
 * `proj.bias [dim]`; PyTorch's default init. C is the clip's own channel count.
 */
import { NotDivisible, PatchNotDividing, TubeletNotDividing, WrongArgumentType } from '../../../base/diagnostics/codes.js';
import { asInts } from './conv.js';
import { atLeast, first, knownDim, perSample, product, requireRank } from './common.js';
import type { IROpRule, OpCall, SurfaceOp } from './schema.js';

export const patchEmbedRule: IROpRule<'patch_embed'> = {
  facts: { time: { kind: 'mixes-frames', why: 'it embeds the whole clip' }, channels: 'mixing', betweenShiftAndConv: false, blockedOnnxOps: [] },
  infer(a, inputs) {
    const x = first(inputs);
    if (x?.shape.length !== 5) return 'expects [N, C, T, H, W]';
    const [n, c, t, h, w] = x.shape;
    if (typeof c !== 'number' || typeof t !== 'number' || typeof h !== 'number' || typeof w !== 'number' || n === undefined)
      return 'C, T, H and W must be known';
    const [kt, kh, kw] = a.kernel;
    if (t % kt !== 0 || h % kh !== 0 || w % kw !== 0) return 'the patch does not divide the clip';
    const layout = { frames: t / kt, height: h / kh, width: w / kw, cls: 'none' } as const;
    return { shape: [n, layout.frames * layout.height * layout.width, a.dim], tokens: layout };
  },
  macs(node, inputs, output) {
    const c = inputs[0]?.shape[1];
    return perSample(output) * (typeof c === 'number' ? c : 0) * product(node.attrs.kernel);
  },
};

export const patch_embed: SurfaceOp = {
  name: 'patch_embed',
  doc: {
    shapes: '`[N, C, T, H, W] -> tokens`',
    params: '`proj.weight [dim, C, p, p]` (`[dim, C, t, p, p]` for tubelets), `proj.bias`',
    text: 'Cuts the clip into patches, kernel = stride = patch: `p` or `(ph, pw)` a per-frame Conv2d (TimeSformer), `(t, ph, pw)` a tubelet Conv3d (VideoMAE, ViViT). The sizes must divide T, H and W; any channel count C.',
  },
  tokens: 'reject',
  hasParams: true,
  args: [
    { name: 'dim', type: { kind: 'int' } },
    { name: 'patch', type: { kind: 'ints' }, default: [16] },
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
    const patch = patchSizes(call);
    if (c === undefined || t === undefined || h === undefined || w === undefined || !patch) return undefined;
    if (!atLeast(call, 'dim', [dim], 1) || !atLeast(call, 'patch', patch.kernel, 1)) return undefined;
    const [kt, kh, kw] = patch.kernel;
    if (t % kt !== 0) return void call.report(TubeletNotDividing, { tubelet: kt, frames: t }, 'patch');
    if (kh === kw && (h % kh !== 0 || w % kw !== 0)) return void call.report(PatchNotDividing, { patch: kh, height: h, width: w }, 'patch');
    if (h % kh !== 0) return void call.report(NotDivisible, { what: 'the patch height must divide the frame height', value: h, divisor: kh }, 'patch');
    if (w % kw !== 0) return void call.report(NotDivisible, { what: 'the patch width must divide the frame width', value: w, divisor: kw }, 'patch');
    const fanIn = c * kt * kh * kw;
    const weightShape = patch.tubelet ? [dim, c, kt, kh, kw] : [dim, c, kh, kw];
    return call.emit(
      'patch_embed',
      { kernel: patch.kernel, dim },
      {
        params: {
          weight: { shape: weightShape, init: { kind: 'uniform_fan_in', fanIn }, suffix: 'proj.weight' },
          bias: { shape: [dim], init: { kind: 'uniform_fan_in', fanIn }, suffix: 'proj.bias' },
        },
      },
    );
  },
};

/** `p` or `(ph, pw)`: per-frame patches; `(t, ph, pw)`: tubelets (a Conv3d, even when t is 1). */
function patchSizes(call: OpCall): { kernel: [number, number, number]; tubelet: boolean } | undefined {
  const sizes = asInts(call.ints('patch'));
  const [a = 0, b = 0, c = 0] = sizes;
  if (sizes.length === 1) return { kernel: [1, a, a], tubelet: false };
  if (sizes.length === 2) return { kernel: [1, a, b], tubelet: false };
  if (sizes.length === 3) return { kernel: [a, b, c], tubelet: true };
  call.report(WrongArgumentType, { callee: call.op, name: 'patch', expected: 'p, (ph, pw) or (t, ph, pw)', found: `a tuple of ${sizes.length} ints` }, 'patch');
  return undefined;
}
