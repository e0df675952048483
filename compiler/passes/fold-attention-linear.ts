// attention(x) -> linear(W, b)  =>  attention(x) with proj' = W·proj, b' = W·b_proj + b
//
// TimeSformer's temporal step is `temporal_attn` (ending in its proj linear) followed by
// `temporal_fc`: two D x D products in a row with nothing between them. The merged attention
// multiplies by one matrix; the product of the two weights is a constant that onnxruntime computes
// once when the session is created. The parameters keep their checkpoint names.
import { joinSpans } from '../../dsl/span.js';
import type { IRNode, NodeOf } from '../ir/graph.js';
import { indexGraph } from './graph-index.js';
import { unchanged, type Pass, type PassContext } from './pass.js';
import { absorbReaders } from './rewire.js';

type Attention = NodeOf<'attention'>;
type Linear = NodeOf<'linear'>;

function whyNot(attention: Attention, linear: Linear | undefined, readers: number, isOutput: boolean): string | undefined {
  if (!linear) return undefined;
  if (readers !== 1) return `the attention output has ${readers} readers`;
  if (isOutput) return 'the attention output is a graph output';
  if (attention.params['fc.weight']) return 'the attention already absorbed a linear';
  if (linear.attrs.outFeatures !== attention.attrs.dim) return `the linear changes the width (${attention.attrs.dim} -> ${linear.attrs.outFeatures})`;
  if (!linear.params['weight']) return 'the linear has no weight';
  return undefined;
}

export const foldAttentionLinear: Pass = {
  name: 'fold-attention-linear',
  description: "fold a linear that directly follows an attention into the attention's output projection",
  run(module, ctx: PassContext) {
    const index = indexGraph(module.graph);
    const merged = new Map<IRNode, IRNode>();
    const doomed = new Set<IRNode>();
    for (const node of module.graph.nodes) {
      if (node.op !== 'attention') continue;
      const out = node.outputs[0] as string;
      const readers = index.consumers(out);
      const next = readers[0];
      const linear = next?.op === 'linear' ? next : undefined;
      const reason = whyNot(node, linear, readers.length, index.isOutput(out));
      if (!linear) continue;
      if (reason) {
        ctx.explain({ pass: this.name, site: node.name, fired: false, reason });
        continue;
      }
      const fc: Record<string, NonNullable<Linear['params'][string]>> = { 'fc.weight': linear.params['weight'] as NonNullable<Linear['params'][string]> };
      if (linear.params['bias']) fc['fc.bias'] = linear.params['bias'];
      merged.set(node, { ...node, outputs: linear.outputs, params: { ...node.params, ...fc }, span: joinSpans(node.span, linear.span) });
      doomed.add(linear);
      ctx.explain({ pass: this.name, site: node.name, fired: true, reason: `folded ${linear.name} into the output projection` });
    }
    if (merged.size === 0) return unchanged(module);
    return { module: { ...module, graph: absorbReaders(module.graph, merged, doomed) }, changed: true };
  },
};
