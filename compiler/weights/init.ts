import type { IRParam, ParamInit } from '../ir/graph.js';
import { Prng, hashSeed } from './prng.js';
import { elementCount, type WeightSource } from './source.js';

/**
 * Deterministic initial values for every parameter, following its ParamInit. Each parameter
 * draws from its own stream (seeded by the seed and its name), so its values do not depend on
 * which other parameters exist or in what order they are emitted.
 */
export function seededWeights(seed = 0): WeightSource {
  return { tensor: (param) => initParam(param, seed) };
}

export function initParam(param: IRParam, seed = 0): Float32Array {
  const out = new Float32Array(elementCount(param.shape));
  const rng = new Prng(hashSeed(seed, param.name));
  const draw = sampler(param.init, param.shape, rng);
  for (let i = 0; i < out.length; i++) out[i] = draw();
  return out;
}

function sampler(init: ParamInit, shape: readonly number[], rng: Prng): () => number {
  switch (init.kind) {
    case 'zeros':
      return () => 0;
    case 'ones':
      return () => 1;
    case 'kaiming_normal_fan_out': {
      // torch.nn.init.kaiming_normal_(mode='fan_out', nonlinearity='relu'): std = sqrt(2 / fan_out).
      const std = Math.sqrt(2 / Math.max(1, fanOut(shape)));
      return () => std * rng.normal();
    }
    case 'uniform_fan_in': {
      const bound = 1 / Math.sqrt(Math.max(1, init.fanIn));
      return () => (2 * rng.uniform() - 1) * bound;
    }
    case 'normal':
      return () => init.std * rng.normal();
    case 'trunc_normal':
      return () => init.std * truncatedNormal(rng);
    default:
      return unreachable(init);
  }
}

/** fan_out of a weight [out, in, k...]: out times the receptive field. */
function fanOut(shape: readonly number[]): number {
  const receptive = shape.slice(2).reduce((n, d) => n * d, 1);
  return (shape[0] ?? 1) * receptive;
}

/** Standard normal conditioned on |x| <= 2, by rejection (accepts about 95% of draws). */
function truncatedNormal(rng: Prng): number {
  for (;;) {
    const x = rng.normal();
    if (Math.abs(x) <= 2) return x;
  }
}

function unreachable(x: never): never {
  throw new Error(`unknown init ${JSON.stringify(x)}`);
}
