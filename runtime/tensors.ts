import { halfToFloat } from '../io/half-float.js';
import { loadedOrt, type OrtTensor } from '../ort/ort.js';

/** A tensor in host memory, in C order. vnet's runtime moves only these two element types. */
export type HostTensor =
  | { readonly type: 'float32'; readonly dims: readonly number[]; readonly data: Float32Array }
  | { readonly type: 'int64'; readonly dims: readonly number[]; readonly data: BigInt64Array };

/** A declared dimension: a size, or a symbolic name such as 'N'. */
export type DeclaredDim = number | string;

export function elementCount(dims: readonly number[]): number {
  return dims.reduce((n, d) => n * d, 1);
}

/** `[1, 3, 8, 224, 224]`, with symbolic dimensions by name: `[N, 400]`. */
export function formatShape(dims: readonly DeclaredDim[]): string {
  return `[${dims.join(', ')}]`;
}

/** A declared shape made concrete: every symbolic (or unknown, -1) dimension becomes `symbolic`. */
export function concreteShape(declared: readonly DeclaredDim[], symbolic = 1): number[] {
  return declared.map((d) => (typeof d === 'number' && d >= 0 ? d : symbolic));
}

/** Whether `actual` fits `declared`: same rank, equal sizes where the declared one is fixed. */
export function shapeFits(declared: readonly DeclaredDim[], actual: readonly number[]): boolean {
  if (declared.length !== actual.length) return false;
  return declared.every((d, i) => typeof d !== 'number' || d < 0 || d === actual[i]);
}

export function toOrtTensor(t: HostTensor): OrtTensor {
  const { Tensor } = loadedOrt();
  return t.type === 'float32' ? new Tensor('float32', t.data, [...t.dims]) : new Tensor('int64', t.data, [...t.dims]);
}

/** The host view of an onnxruntime tensor; float16 and float64 become float32. */
export function fromOrtTensor(t: OrtTensor): HostTensor | undefined {
  const dims = [...t.dims];
  const data = t.data;
  if (t.type === 'float32' && data instanceof Float32Array) return { type: 'float32', dims, data };
  if (t.type === 'int64' && data instanceof BigInt64Array) return { type: 'int64', dims, data };
  if (t.type === 'float64' && data instanceof Float64Array) return { type: 'float32', dims, data: Float32Array.from(data) };
  if (t.type === 'float16' && data instanceof Uint16Array) {
    return { type: 'float32', dims, data: Float32Array.from(data, halfToFloat) };
  }
  return undefined;
}
