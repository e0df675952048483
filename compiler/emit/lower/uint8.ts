/**
 * The lowerings that run on uint8 data in an int8 model: ops whose int8 fact is `moves` (they move or
 * pick values, no arithmetic), so the quantized values pass through them unchanged, with the same scale
 * and zero point. A node runs on uint8 when its op is listed here and the quantizer stored every value
 * it reads and writes as uint8 (compiler/quantize); otherwise it runs in float on dequantized values.
 */
import type { IRGraph, IRNode, NodeOf, OpName } from '../../ir/graph.js';
import type { LowerContext, Lowering } from './context.js';
import { lowerIdentity } from './unary.js';
import { lowerMaxpool } from './pool.js';
import { lowerFrames } from './reshape.js';
import { lowerShiftUint8 } from './shift-uint8.js';
import { lowerCacheShiftUint8 } from './cache-shift-uint8.js';

/** The node's inputs read as their uint8 tensors: a lowering written for float runs unchanged on them. */
function onUint8<K extends OpName>(lowering: Lowering<K>): Lowering<K> {
  return (node, ctx) => {
    const view: LowerContext = {
      target: ctx.target,
      opset: ctx.opset,
      graph: ctx.graph,
      value: (id) => ctx.quantized(id),
      param: (p) => ctx.param(p),
      constant: (hint, tensor) => ctx.constant(hint, tensor),
      emit: (op, inputs, attrs, options) => ctx.emit(op, inputs, attrs, options),
      quantized: (id) => ctx.quantized(id),
      storeQuantized: (id, float) => ctx.storeQuantized(id, float),
    };
    return lowering(node, view);
  };
}

type Uint8Table = { readonly [K in OpName]?: Lowering<K> };

const UINT8_LOWERINGS: Uint8Table = {
  shift: lowerShiftUint8,
  cache_shift: lowerCacheShiftUint8,
  // MaxPool of uint8 values keeps their order: the same maximum, quantized.
  maxpool: onUint8(lowerMaxpool),
  frames: onUint8(lowerFrames),
  identity: onUint8(lowerIdentity),
};

/** Whether the node runs on uint8 data: a listed op whose every input and output is stored quantized. */
export function runsOnUint8(node: IRNode, graph: IRGraph): boolean {
  if (UINT8_LOWERINGS[node.op] === undefined) return false;
  return [...node.inputs, ...node.outputs].every((id) => graph.values[id]?.quant !== undefined);
}

/** The uint8 lowering of a node that runs on uint8 (see runsOnUint8). */
export function lowerUint8(node: IRNode, ctx: LowerContext): string[] {
  return dispatch(node, ctx);
}

function dispatch<K extends OpName>(node: NodeOf<K>, ctx: LowerContext): string[] {
  const lowering = UINT8_LOWERINGS[node.op as K] as Lowering<K> | undefined;
  if (!lowering) throw new Error(`${node.op} has no uint8 lowering`);
  return lowering(node, ctx);
}
