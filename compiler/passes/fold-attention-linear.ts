// attention(x) -> linear(W, b)  =>  attention(x) with proj' = W·proj, b' = W·b_proj + b
//
// TimeSformer's temporal step is `temporal_attn` (ending in its proj linear) followed by
// `temporal_fc`: two D x D products in a row with nothing between them. The merged attention
// multiplies by one matrix; the product of the two weights is a constant that onnxruntime computes
// once when the session is created. The parameters keep their checkpoint names.
import { joinSpans } from '../../base/span.js';
import type { NodeOf } from '../ir/graph.js';
import type { Pass } from './pass.js';
import { rulePass, type RewriteRule } from './rewrite.js';

type Attention = NodeOf<'attention'>;
type Linear = NodeOf<'linear'>;

interface AttentionThenLinear {
  readonly attention: Attention;
  readonly linear: Linear;
  readonly readers: number;
  readonly isOutput: boolean;
}

export const foldAttentionLinearRule: RewriteRule<'attention', AttentionThenLinear> = {
  name: 'fold-attention-linear',
  description: "fold a linear that directly follows an attention into the attention's output projection",
  anchor: 'attention',
  match(attention, { index }) {
    const out = attention.outputs[0] as string;
    const readers = index.consumers(out);
    const next = readers[0];
    return next?.op === 'linear' ? { attention, linear: next, readers: readers.length, isOutput: index.isOutput(out) } : undefined;
  },
  check({ attention, linear, readers, isOutput }) {
    if (readers !== 1) return `the attention output has ${readers} readers`;
    if (isOutput) return 'the attention output is a graph output';
    if (attention.params['fc.weight']) return 'the attention already absorbed a linear';
    if (linear.attrs.outFeatures !== attention.attrs.dim) return `the linear changes the width (${attention.attrs.dim} -> ${linear.attrs.outFeatures})`;
    if (!linear.params['weight']) return 'the linear has no weight';
    return undefined;
  },
  rewrite({ attention, linear }) {
    const fc: Record<string, NonNullable<Linear['params'][string]>> = { 'fc.weight': linear.params['weight'] as NonNullable<Linear['params'][string]> };
    if (linear.params['bias']) fc['fc.bias'] = linear.params['bias'];
    const replacement: Attention = {
      ...attention,
      outputs: linear.outputs,
      params: { ...attention.params, ...fc },
      span: joinSpans(attention.span, linear.span),
    };
    return { replacement, absorbed: [linear], note: `folded ${linear.name} into the output projection` };
  },
};

export const foldAttentionLinear: Pass = rulePass(foldAttentionLinearRule);
