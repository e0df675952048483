import type { CoreSession, CoreTensor, MakeTensor } from './session.js';

/**
 * What onnxruntime-node's and onnxruntime-web's sessions share (both are onnxruntime-common's
 * InferenceSession), as far as the core uses it: written structurally, so neither runtime is imported.
 */
export interface OrtLikeSession {
  readonly inputMetadata: readonly (
    | { readonly name: string; readonly isTensor: true; readonly type: string; readonly shape: readonly (number | string)[] }
    | { readonly name: string; readonly isTensor: false }
  )[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, CoreTensor>): Promise<Record<string, unknown>>;
  run(feeds: Record<string, CoreTensor>, fetches: Record<string, CoreTensor | null>): Promise<Record<string, unknown>>;
}

/**
 * onnxruntime's `Tensor` class, as far as the core makes tensors: float32 values of a shape (or an int8
 * model's uint8 cache), not copied.
 */
export interface OrtLikeTensorClass<T extends CoreTensor> {
  new (type: 'float32', data: Float32Array, dims: readonly number[]): T;
  new (type: 'uint8', data: Uint8Array, dims: readonly number[]): T;
}

/**
 * The one adapter from an onnxruntime session (node's or the page's) to the streaming core: its inputs
 * with their declared shapes, its output names, and `run` with preallocated outputs when asked for.
 */
export function coreSessionOf<T extends CoreTensor>(session: OrtLikeSession): CoreSession<T> {
  return {
    inputs: session.inputMetadata.map((m) => (m.isTensor ? { name: m.name, type: m.type, shape: m.shape } : { name: m.name, type: 'non-tensor' })),
    outputNames: session.outputNames,
    run: (feeds, fetches) => (fetches ? session.run(feeds, fetches) : session.run(feeds)) as Promise<Record<string, T>>,
  };
}

/** The core's tensor factory over onnxruntime's `Tensor` class. */
export function tensorMaker<T extends CoreTensor>(Tensor: OrtLikeTensorClass<T>): MakeTensor<T> {
  return (data, dims) => (data instanceof Uint8Array ? new Tensor('uint8', data, [...dims]) : new Tensor('float32', data, [...dims]));
}
