// node  =>  the same node, int8 (weights int8 per output channel, bias int32) or left float, as the plan says
//
// The int8 decisions as rewrite rules, one per op present (compiler/passes/rewrite.ts), so the engine
// writes every `--explain` note: fired with what the op becomes, or not with why it stays float.
// Convolutions and linears get their quantized parameters here; every other op keeps its node.
import type { IRGraph, IRNode, IRParam, NodeOf, OpName, QuantParams } from '../ir/graph.js';
import type { Pass, WeightTable } from '../passes/pass.js';
import { rulePass, type Rewrite, type RewriteRule } from '../passes/rewrite.js';
import { quantizeBias, quantizeWeight } from './params.js';
import type { Int8Plan } from './plan.js';

/** The name of every int8 note in `--explain`. */
export const INT8_STEP = 'int8';

/**
 * One pass per op the graph holds, in the graph's first-seen order. `weightZeroPoint` -1 stores the
 * weights of dense convolutions as q - 1 with zero point -1 (q the symmetric value in [-127, 127]): the
 * same integer sums, run by onnxruntime's general GEMM path instead of its symmetric one.
 */
export function int8Passes(graph: IRGraph, plan: Int8Plan, weightZeroPoint: 0 | -1 = 0): Pass[] {
  const ops = [...new Set(graph.nodes.map((n) => n.op))];
  return ops.map((op) => rulePass(int8Rule(op, plan, weightZeroPoint)));
}

/** The zero point a node's int8 weight gets: only dense convolutions take the asymmetric form. */
function zeroPointFor(node: IRNode, weightZeroPoint: 0 | -1): 0 | -1 {
  return node.op === 'conv' && node.attrs.groups === 1 ? weightZeroPoint : 0;
}

const ASYMMETRIC_NOTE = ", weight zero point -1 (onnxruntime's GEMM path, faster on this CPU; the same integer sums)";

function int8Rule(op: OpName, plan: Int8Plan, weightZeroPoint: 0 | -1): RewriteRule<OpName, IRNode> {
  return {
    name: INT8_STEP,
    description: 'run the op on int8 data where the calibrated plan says so',
    anchor: op,
    match: (node) => node,
    check(node) {
      const decision = plan.decisions.get(node.name);
      if (!decision) return 'not in the int8 plan';
      return decision.int8 ? undefined : decision.why;
    },
    rewrite(node, { weights }) {
      const decision = plan.decisions.get(node.name);
      const note = decision?.int8 ? decision.how : '';
      if (node.op !== 'conv' && node.op !== 'linear') return { replacement: node, absorbed: [], note };
      const input = plan.values.get(node.inputs[0] as string);
      if (!input) return `its input has no int8 parameters`;
      const zeroPoint = zeroPointFor(node, weightZeroPoint);
      return withQuantizedParams(node, input, weights, zeroPoint === 0 ? note : `${note}${ASYMMETRIC_NOTE}`, zeroPoint);
    },
  };
}

/**
 * The node with its weight int8 (a scale per output channel, stored as q + zeroPoint with that zero point)
 * and its bias int32 (scale = input scale x weight scale).
 */
function withQuantizedParams(node: NodeOf<'conv' | 'linear'>, input: QuantParams, weights: WeightTable, note: string, zeroPoint: 0 | -1): Rewrite | string {
  const weight = node.params['weight'];
  const data = weight ? weights.get(weight.name) : undefined;
  if (!weight || !data) return 'its weight has no values';
  const q = quantizeWeight(data, weight.shape[0] as number);
  const out = new Map<string, Float32Array>();
  const scaleParam = (p: IRParam): IRParam => ({ name: `${p.name}_scale`, shape: [p.shape[0] as number], dtype: 'f32', init: { kind: 'ones' } });
  const params: Record<string, IRParam> = {
    weight: { ...weight, dtype: 'i8', ...(zeroPoint === 0 ? {} : { zeroPoint }) },
    weight_scale: scaleParam(weight),
  };
  out.set(weight.name, zeroPoint === 0 ? q.values : q.values.map((v) => v + zeroPoint));
  out.set(scaleParam(weight).name, q.scales);
  const bias = node.params['bias'];
  if (bias) {
    const values = weights.get(bias.name);
    if (!values) return 'its bias has no values';
    const b = quantizeBias(values, input.scale, q.scales);
    params['bias'] = { ...bias, dtype: 'i32' };
    params['bias_scale'] = scaleParam(bias);
    out.set(bias.name, b.values);
    out.set(scaleParam(bias).name, b.scales);
  }
  const replacement = { ...node, params } as IRNode;
  return { replacement, absorbed: [], weights: out, note };
}
