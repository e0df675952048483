// conv(x) -> batchnorm  =>  conv'(x)   with W' = W * g/sqrt(v+eps), b' = (b - m) * g/sqrt(v+eps) + beta
import { joinSpans } from '../../dsl/span.js';
import type { IRNode, IRParam, NodeOf } from '../ir/graph.js';
import { indexGraph } from './graph-index.js';
import { unchanged, type Pass, type PassContext } from './pass.js';
import { absorbReaders } from './rewire.js';

type Conv = NodeOf<'conv'>;
type BatchNorm = NodeOf<'batchnorm'>;

function why(conv: Conv, bn: BatchNorm | undefined, consumers: number, outputIsGraphOutput: boolean): string | undefined {
  if (!bn) return 'not followed by batchnorm';
  if (consumers !== 1) return `conv output has ${consumers} readers; folding would change the others`;
  if (outputIsGraphOutput) return 'conv output is a graph output';
  if (!conv.params['weight']) return 'conv has no weight parameter';
  return undefined;
}

export const foldBatchNorm: Pass = {
  name: 'fold-batchnorm',
  description: 'fold an inference batchnorm into the convolution before it',
  run(module, ctx: PassContext) {
    const index = indexGraph(module.graph);
    const weights = new Map(module.weights);
    const doomed = new Set<IRNode>();
    const replaced = new Map<IRNode, IRNode>();
    for (const node of module.graph.nodes) {
      if (node.op !== 'conv') continue;
      const out = node.outputs[0] as string;
      const readers = index.consumers(out);
      const bn = readers.find((r): r is BatchNorm => r.op === 'batchnorm');
      const reason = why(node, bn, readers.length, index.isOutput(out));
      if (reason || !bn) {
        if (bn || readers.some((r) => r.op === 'batchnorm')) ctx.explain({ pass: this.name, site: node.name, fired: false, reason: reason ?? '' });
        continue;
      }
      const folded = foldInto(node, bn, weights);
      if (!folded) {
        ctx.explain({ pass: this.name, site: node.name, fired: false, reason: 'parameter data missing' });
        continue;
      }
      replaced.set(node, folded);
      doomed.add(bn);
      ctx.explain({ pass: this.name, site: node.name, fired: true, reason: `folded ${bn.name}` });
    }
    if (doomed.size === 0) return unchanged(module);
    // The conv now writes the batchnorm's output value; only the conv's old output value is gone.
    const graph = absorbReaders(module.graph, replaced, doomed);
    const usedParams = new Set(graph.nodes.flatMap((n) => Object.values(n.params).map((p) => p.name)));
    for (const name of [...weights.keys()]) if (!usedParams.has(name)) weights.delete(name);
    return { module: { graph, weights }, changed: true };
  },
};

function foldInto(conv: Conv, bn: BatchNorm, weights: Map<string, Float32Array>): Conv | undefined {
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
  weights.set(weightName, newW);
  weights.set(biasName, newB);
  return {
    ...conv,
    outputs: bn.outputs,
    span: joinSpans(conv.span, bn.span),
    params: {
      weight: { ...w, name: weightName },
      bias: { name: biasName, shape: [outChannels], dtype: 'f32', init: { kind: 'zeros' } },
    },
  };
}
