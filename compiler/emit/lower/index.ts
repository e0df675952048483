/**
 * The lowering of every IR op, as plain data: op -> Lowering. Each entry lives in its own file;
 * the TimeSformer token and attention lowerings are in tokens.ts and attention.ts.
 */
import type { IRNode, NodeOf, OpName } from '../../ir/graph.js';
import { lowerHardsigmoid, lowerHardswish, lowerLeakyRelu, lowerSilu, lowerTanh } from './activations.js';
import { lowerDiv, lowerMul, lowerScalarArith, lowerSub } from './arithmetic.js';
import { lowerAttention } from './attention.js';
import { lowerBatchnorm } from './batchnorm.js';
import { lowerCacheShift } from './cache-shift.js';
import type { LowerContext, Lowering } from './context.js';
import { lowerConv } from './conv.js';
import { lowerGelu, lowerGeluTanh } from './gelu.js';
import { lowerLayernorm } from './layernorm.js';
import { lowerLinear } from './linear.js';
import { lowerConsensus, lowerMean } from './mean.js';
import { lowerAvgpool, lowerGlobalAvgpool, lowerMaxpool } from './pool.js';
import { lowerRelu6 } from './relu6.js';
import { lowerFlatten, lowerFrames, lowerReshape, lowerUnframes } from './reshape.js';
import { lowerShift } from './shift.js';
import { lowerConcat, lowerSlice } from './slice-concat.js';
import { lowerTimeShift } from './time-shift.js';
import { lowerUint8, runsOnUint8 } from './uint8.js';
import { lowerAddPatches, lowerClsToken, lowerPatchEmbed, lowerPosEmbed, lowerSelectCls, lowerTimeEmbed, lowerTokenConsensus } from './tokens.js';
import { lowerAdd, lowerIdentity, lowerRelu, lowerSigmoid, lowerSoftmax, lowerTranspose } from './unary.js';

export type LoweringTable = { readonly [K in OpName]: Lowering<K> };

/** consensus over per-frame tokens averages whole token sequences; the token lowering owns that layout. */
const consensus: Lowering<'consensus'> = (node, ctx) => {
  const input = node.inputs[0];
  const tokens = input === undefined ? undefined : ctx.graph.values[input]?.tokens;
  return tokens ? lowerTokenConsensus(node, ctx) : lowerConsensus(node, ctx);
};

export const LOWERINGS: LoweringTable = {
  conv: lowerConv,
  batchnorm: lowerBatchnorm,
  layernorm: lowerLayernorm,
  relu: lowerRelu,
  relu6: lowerRelu6,
  gelu: lowerGelu,
  gelu_tanh: lowerGeluTanh,
  sigmoid: lowerSigmoid,
  silu: lowerSilu,
  hardswish: lowerHardswish,
  hardsigmoid: lowerHardsigmoid,
  tanh: lowerTanh,
  leaky_relu: lowerLeakyRelu,
  softmax: lowerSoftmax,
  maxpool: lowerMaxpool,
  avgpool: lowerAvgpool,
  global_avgpool: lowerGlobalAvgpool,
  linear: lowerLinear,
  add: lowerAdd,
  sub: lowerSub,
  mul: lowerMul,
  div: lowerDiv,
  scalar_arith: lowerScalarArith,
  add_patches: lowerAddPatches,
  identity: lowerIdentity,
  frames: lowerFrames,
  unframes: lowerUnframes,
  consensus,
  shift: lowerShift,
  flatten: lowerFlatten,
  reshape: lowerReshape,
  transpose: lowerTranspose,
  mean: lowerMean,
  patch_embed: lowerPatchEmbed,
  cls_token: lowerClsToken,
  pos_embed: lowerPosEmbed,
  time_embed: lowerTimeEmbed,
  attention: lowerAttention,
  select_cls: lowerSelectCls,
  time_shift: lowerTimeShift,
  slice: lowerSlice,
  concat: lowerConcat,
  cache_shift: lowerCacheShift,
};

/** Lowers any IR node through the table (the uint8 table for a node an int8 model runs on uint8 data). */
export function lowerNode(node: IRNode, ctx: LowerContext): string[] {
  return runsOnUint8(node, ctx.graph) ? lowerUint8(node, ctx) : dispatch(node, ctx);
}

function dispatch<K extends OpName>(node: NodeOf<K>, ctx: LowerContext): string[] {
  return (LOWERINGS[node.op as K] as Lowering<K>)(node, ctx);
}
