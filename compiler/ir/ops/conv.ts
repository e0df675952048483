/** conv1d / conv2d / conv3d: `[B, C, *S] -> [B, out, *S']`, torchvision parameter names and init. */
import { NotDivisible, PadSameStride, ShapeRule } from '../../../base/diagnostics/codes.js';
import { shapeToString } from '../dim.js';
import type { IRValue, OpAttrs } from '../graph.js';
import { atLeast, keepTime, knownDim, perAxis, perSample, product, requireRank, windowShape } from './common.js';
import { PER_FRAME, type IROpRule, type OpCall, type OpDoc, type SurfaceOp } from './schema.js';

export const convRule: IROpRule<'conv'> = {
  facts: { time: PER_FRAME, channels: 'mixing', betweenShiftAndConv: true, blockedOnnxOps: [], int8: { kind: 'compute' } },
  infer(a, inputs) {
    const x = inputs[0];
    if (!x) return 'missing input';
    const n = a.spatialDims;
    if (x.shape.length !== n + 2) return `expects ${n + 2}-D input, found ${shapeToString(x.shape)}`;
    const c = x.shape[1];
    if (typeof c !== 'number' || c % a.groups !== 0 || a.outChannels % a.groups !== 0) return 'groups must divide both channel counts';
    const spatial = windowShape(x, n, a.kernel, a.stride, a.pads, a.dilation);
    if (typeof spatial === 'string') return spatial;
    const shape = [x.shape[0] ?? 1, a.outChannels, ...spatial];
    const time = keepTime(x, shape);
    return { shape, ...(time ? { time } : {}) };
  },
  macs(node, inputs, output) {
    const c = inputs[0]?.shape[1];
    const inPerGroup = typeof c === 'number' ? c / node.attrs.groups : 0;
    return perSample(output) * inPerGroup * product(node.attrs.kernel);
  },
};

/** One doc for the three: they share a row of the operations table. */
const CONV_DOC: OpDoc = {
  shapes: "`[B, C, *S] -> [B, out, *S']`",
  params: '`weight [out, C/groups, *k]`, `bias [out]`',
  text:
    "A convolution over 1, 2 or 3 spatial axes (torchvision's names and initialization): `S' = floor((S + 2p - d(k-1) - 1)/stride) + 1`, and `groups` must divide C and out. " +
    '`pad=same` keeps the size at stride 1 only; with an even kernel the extra padding goes at the end (as PyTorch).',
};

function convOp(n: 1 | 2 | 3): SurfaceOp {
  const name = `conv${n}d`;
  return {
    name,
    doc: CONV_DOC,
    tokens: 'reject',
    hasParams: true,
    args: [
      { name: 'out', type: { kind: 'int' } },
      { name: 'k', type: { kind: 'ints' } },
      { name: 'stride', type: { kind: 'ints' }, default: [1] },
      { name: 'pad', type: { kind: 'ints', words: ['same'] }, default: [0] },
      { name: 'dilation', type: { kind: 'ints' }, default: [1] },
      { name: 'groups', type: { kind: 'int' }, default: 1 },
      { name: 'bias', type: { kind: 'bool' }, default: true },
    ],
    apply: (call) => applyConv(call, n),
  };
}

function applyConv(call: OpCall, n: 1 | 2 | 3): IRValue | undefined {
  const x = call.input;
  const hint = x.shape.length === n + 3 ? 'apply frames first: `clip |> frames` folds the time axis into the batch' : undefined;
  if (!requireRank(call, `a ${n + 2}-D input [B, C, ${['L', 'H, W', 'T, H, W'][n - 1]}]`, x.shape.length === n + 2, hint)) return undefined;
  const c = knownDim(call, x.shape[1], `the channel count of '${call.op}'s input`);
  const out = call.int('out');
  const groups = call.int('groups');
  const kernel = perAxis(call, 'k', n, asInts(call.ints('k')));
  const stride = perAxis(call, 'stride', n, asInts(call.ints('stride')));
  const dilation = perAxis(call, 'dilation', n, asInts(call.ints('dilation')));
  if (c === undefined || !kernel || !stride || !dilation) return undefined;
  const sizesOk = [
    atLeast(call, 'out', [out], 1),
    atLeast(call, 'groups', [groups], 1),
    atLeast(call, 'k', kernel, 1),
    atLeast(call, 'stride', stride, 1),
    atLeast(call, 'dilation', dilation, 1),
  ].every(Boolean);
  if (!sizesOk) return undefined;
  const pads = convPads(call, n, kernel, stride, dilation);
  if (!pads) return undefined;
  if (c % groups !== 0) return void call.report(NotDivisible, { what: `groups must divide the input channels`, value: c, divisor: groups }, 'groups');
  if (out % groups !== 0) return void call.report(NotDivisible, { what: `groups must divide the output channels`, value: out, divisor: groups }, 'groups');
  const attrs: OpAttrs['conv'] = { spatialDims: n, outChannels: out, kernel, stride, pads, dilation, groups };
  const shape = convRule.infer(attrs, [x]);
  if (typeof shape === 'string') return void call.report(ShapeRule, { op: call.op, reason: shape });
  const fanIn = (c / groups) * product(kernel);
  return call.emit('conv', attrs, {
    params: {
      weight: { shape: [out, c / groups, ...kernel], init: { kind: 'kaiming_normal_fan_out' } },
      ...(call.bool('bias') ? { bias: { shape: [out], init: { kind: 'uniform_fan_in', fanIn } } } : {}),
    },
  });
}

/**
 * ONNX pads (all begins, then all ends). `pad=same` needs stride 1; an even total padding
 * d*(k-1) puts the extra element at the end, as PyTorch's padding='same' does.
 */
function convPads(call: OpCall, n: number, kernel: readonly number[], stride: readonly number[], dilation: readonly number[]): number[] | undefined {
  const pad = call.ints('pad');
  if (typeof pad === 'string') {
    if (stride.some((s) => s !== 1)) return void call.report(PadSameStride, { stride: stride.join(', ') }, 'pad');
    const total = kernel.map((k, i) => (dilation[i] ?? 1) * (k - 1));
    return [...total.map((t) => Math.floor(t / 2)), ...total.map((t) => t - Math.floor(t / 2))];
  }
  const p = perAxis(call, 'pad', n, pad);
  if (!p || !atLeast(call, 'pad', p, 0)) return undefined;
  return [...p, ...p];
}

/** A depthwise convolution: one group per input channel, one output channel per group (MobileNet's, X3D's). */
export function isDepthwise(attrs: OpAttrs['conv'], inChannels: IRValue['shape'][number] | undefined): boolean {
  return attrs.groups > 1 && attrs.groups === inChannels && attrs.groups === attrs.outChannels;
}

export function asInts(v: readonly number[] | string): readonly number[] {
  return typeof v === 'string' ? [] : v;
}

export const conv1d = convOp(1);
export const conv2d = convOp(2);
export const conv3d = convOp(3);
