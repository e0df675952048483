import { MAX_OUTPUT_VALUES } from './output-bound.js';
import { RuntimeError } from './errors.js';
import type { OrtValueMetadata } from '../ort/ort.js';
import { concreteShape, elementCount, formatShape, type HostTensor } from './tensors.js';

/**
 * A deterministic input for one declared model input: symbolic dimensions (the batch) become 1,
 * float32 values are a fixed pseudo-random sequence in [-1, 1) seeded by the input's name, and
 * int64 inputs are zeros. The same model always gets the same input, so runs can be compared.
 */
export function generateInput(meta: OrtValueMetadata): HostTensor {
  if (!meta.isTensor) throw new RuntimeError('input', `input '${meta.name}' is not a tensor; give it with --input`);
  const dims = concreteShape(meta.shape);
  const count = elementCount(dims);
  if (count > MAX_OUTPUT_VALUES) {
    throw new RuntimeError(
      'input',
      `input '${meta.name}' has shape ${formatShape(meta.shape)} (${count} values); vnetc run generates at most ${MAX_OUTPUT_VALUES}: give it with --input`,
    );
  }
  if (meta.type === 'int64') return { type: 'int64', dims, data: new BigInt64Array(count) };
  if (meta.type !== 'float32') {
    throw new RuntimeError('input', `cannot generate input '${meta.name}' of type ${meta.type} ${formatShape(meta.shape)}; give it with --input`);
  }
  return { type: 'float32', dims, data: pseudoRandom(count, hashName(meta.name)) };
}

/** xorshift32: tiny, fast, and identical on every platform. */
export function pseudoRandom(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let state = seed >>> 0 || 0x9e3779b9;
  for (let i = 0; i < count; i++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

/** FNV-1a of the name, so each input gets its own sequence. */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
