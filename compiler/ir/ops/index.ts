/** The op registries: plain data. `irRules` by IR op, `surfaceOps` by the name written in `.vnet`. */
import type { OpName } from '../graph.js';
import { addRule } from './add.js';
import { divRule, mulRule, scalarArithRule, subRule } from './arithmetic.js';
import { addPatchesRule } from './add_patches.js';
import { attention, attentionRule } from './attention.js';
import { avgpool, avgpoolRule } from './avgpool.js';
import { batchnorm, batchnormRule } from './batchnorm.js';
import { cacheShiftRule } from './cache_shift.js';
import { concat, concatRule } from './concat.js';
import { cls_token, clsTokenRule } from './cls_token.js';
import { consensus, consensusRule } from './consensus.js';
import { conv1d, conv2d, conv3d, convRule } from './conv.js';
import { dropout } from './dropout.js';
import { flatten, flattenRule } from './flatten.js';
import { frames, framesRule } from './frames.js';
import { gelu, geluRule, geluTanhRule } from './gelu.js';
import { hardsigmoid, hardsigmoidRule } from './hardsigmoid.js';
import { hardswish, hardswishRule } from './hardswish.js';
import { global_avgpool, globalAvgpoolRule } from './global_avgpool.js';
import { identityRule } from './identity.js';
import { layernorm, layernormRule } from './layernorm.js';
import { leaky_relu, leakyReluRule } from './leaky_relu.js';
import { linear, linearRule } from './linear.js';
import { maxpool, maxpoolRule } from './maxpool.js';
import { mean, meanRule } from './mean.js';
import { mlp } from './mlp.js';
import { patch_embed, patchEmbedRule } from './patch_embed.js';
import { pos_embed, posEmbedRule } from './pos_embed.js';
import { relu, reluRule } from './relu.js';
import { relu6, relu6Rule } from './relu6.js';
import { reshape, reshapeRule } from './reshape.js';
import type { IROpRule, SurfaceOp } from './schema.js';
import { cls, selectClsRule } from './select_cls.js';
import { shift, shiftRule } from './shift.js';
import { sigmoid, sigmoidRule } from './sigmoid.js';
import { silu, siluRule, swish } from './silu.js';
import { sliceRule } from './slice.js';
import { softmax, softmaxRule } from './softmax.js';
import { tanh, tanhRule } from './tanh.js';
import { time_embed, timeEmbedRule } from './time_embed.js';
import { timeShiftRule } from './time_shift.js';
import { transpose, transposeRule } from './transpose.js';
import { unframes, unframesRule } from './unframes.js';

/**
 * Total on purpose: an op added to graph.ts does not compile until it has a rule here, and a rule does
 * not compile without its facts (schema.ts `OpFacts`), from which op-facts.ts derives every table.
 */
export const irRules: { readonly [K in OpName]: IROpRule<K> } = {
  conv: convRule,
  batchnorm: batchnormRule,
  layernorm: layernormRule,
  relu: reluRule,
  relu6: relu6Rule,
  gelu: geluRule,
  gelu_tanh: geluTanhRule,
  sigmoid: sigmoidRule,
  silu: siluRule,
  hardswish: hardswishRule,
  hardsigmoid: hardsigmoidRule,
  tanh: tanhRule,
  leaky_relu: leakyReluRule,
  softmax: softmaxRule,
  maxpool: maxpoolRule,
  avgpool: avgpoolRule,
  global_avgpool: globalAvgpoolRule,
  linear: linearRule,
  add: addRule,
  sub: subRule,
  mul: mulRule,
  div: divRule,
  scalar_arith: scalarArithRule,
  add_patches: addPatchesRule,
  identity: identityRule,
  frames: framesRule,
  unframes: unframesRule,
  consensus: consensusRule,
  shift: shiftRule,
  time_shift: timeShiftRule,
  slice: sliceRule,
  concat: concatRule,
  cache_shift: cacheShiftRule,
  flatten: flattenRule,
  reshape: reshapeRule,
  transpose: transposeRule,
  mean: meanRule,
  patch_embed: patchEmbedRule,
  cls_token: clsTokenRule,
  pos_embed: posEmbedRule,
  time_embed: timeEmbedRule,
  attention: attentionRule,
  select_cls: selectClsRule,
};

const SURFACE: readonly SurfaceOp[] = [
  conv1d,
  conv2d,
  conv3d,
  batchnorm,
  layernorm,
  relu,
  relu6,
  gelu,
  sigmoid,
  silu,
  swish,
  hardswish,
  hardsigmoid,
  tanh,
  leaky_relu,
  softmax,
  maxpool,
  avgpool,
  concat,
  global_avgpool,
  flatten,
  linear,
  dropout,
  mlp,
  frames,
  unframes,
  consensus,
  shift,
  reshape,
  transpose,
  mean,
  patch_embed,
  cls_token,
  pos_embed,
  time_embed,
  attention,
  cls,
];

export const surfaceOps: ReadonlyMap<string, SurfaceOp> = new Map(SURFACE.map((op) => [op.name, op]));
