// conv(x) -> batchnorm  =>  conv'(x)   with W' = W * g/sqrt(v+eps), b' = (b - m) * g/sqrt(v+eps) + beta
import { joinSpans } from '../../base/span.js';
import type { IRParam, NodeOf } from '../ir/graph.js';
import type { Pass, WeightTable } from './pass.js';
import { rulePass, type RewriteRule } from './rewrite.js';

type Conv = NodeOf<'conv'>;
type BatchNorm = NodeOf<'batchnorm'>;

interface ConvThenBatchNorm {
  readonly conv: Conv;
  readonly bn: BatchNorm;
  readonly readers: number;
  readonly isOutput: boolean;
}

export const foldBatchNormRule: RewriteRule<'conv', ConvThenBatchNorm> = {
  name: 'fold-batchnorm',
  description: 'fold an inference batchnorm into the convolution before it',
  anchor: 'conv',
  match(conv, { index }) {
    const out = conv.outputs[0] as string;
    const readers = index.consumers(out);
    const bn = readers.find((r): r is BatchNorm => r.op === 'batchnorm');
    return bn ? { conv, bn, readers: readers.length, isOutput: index.isOutput(out) } : undefined;
  },
  check({ conv, readers, isOutput }) {
    if (readers !== 1) return `conv output has ${readers} readers; folding would change the others`;
    if (isOutput) return 'conv output is a graph output';
    if (!conv.params['weight']) return 'conv has no weight parameter';
    return undefined;
  },
  rewrite({ conv, bn }, { weights }) {
    const folded = foldInto(conv, bn, weights);
    if (!folded) return 'parameter data missing';
    return { replacement: folded.conv, absorbed: [bn], weights: folded.weights, note: `folded ${bn.name}` };
  },
};

export const foldBatchNorm: Pass = rulePass(foldBatchNormRule);

/** The conv with the batchnorm folded into its weight and bias (new parameter data beside it). */
function foldInto(conv: Conv, bn: BatchNorm, weights: WeightTable): { conv: Conv; weights: Map<string, Float32Array> } | undefined {
  const w = conv.params['weight'] as IRParam;
  const get = (p: IRParam | undefined): Float32Array | undefined => (p ? weights.get(p.name) : undefined);
  const W = get(w);
  const gamma = get(bn.params['weight']);
  const beta = get(bn.params['bias']);
  const mean = get(bn.params['running_mean']);
  const variance = get(bn.params['running_var']);
  if (!W || !gamma || !beta || !mean || !variance) return undefined;
  const outChannels = w.shape[0] as number;
  const perChannel = W.length / outChannels;
  const bias = get(conv.params['bias']);
  const newW = new Float32Array(W.length);
  const newB = new Float32Array(outChannels);
  for (let o = 0; o < outChannels; o++) {
    const scale = (gamma[o] as number) / Math.sqrt((variance[o] as number) + bn.attrs.eps);
    for (let i = 0; i < perChannel; i++) newW[o * perChannel + i] = (W[o * perChannel + i] as number) * scale;
    newB[o] = ((bias ? (bias[o] as number) : 0) - (mean[o] as number)) * scale + (beta[o] as number);
  }
  const weightName = `${conv.name}.folded_weight`;
  const biasName = `${conv.name}.folded_bias`;
  const folded: Conv = {
    ...conv,
    outputs: bn.outputs,
    span: joinSpans(conv.span, bn.span),
    params: {
      weight: { ...w, name: weightName },
      bias: { name: biasName, shape: [outChannels], dtype: 'f32', init: { kind: 'zeros' } },
    },
  };
  return {
    conv: folded,
    weights: new Map([
      [weightName, newW],
      [biasName, newB],
    ]),
  };
}
