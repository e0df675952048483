import type { IRParam } from '../ir/graph.js';

/** Where the emitter gets each parameter's values: a checkpoint, or a seeded initializer. */
export interface WeightSource {
  /** The values of `param` in row-major order; length = product of `param.shape`. */
  tensor(param: IRParam): Float32Array;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}
