/**
 * What the streaming core needs from onnxruntime, written structurally so that onnxruntime-node's
 * and onnxruntime-web's sessions and tensors both fit (they share onnxruntime-common's shapes).
 * The core never imports either runtime: node and the page inject a session and a tensor factory.
 */

/** A float32 (or uint8) tensor in host memory (onnxruntime's `Tensor` fits). */
export interface CoreTensor {
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: unknown;
}

/** One declared input: name, and its shape with symbolic dimensions as strings. */
export interface CoreInput {
  readonly name: string;
  readonly type?: string;
  readonly shape?: readonly (number | string)[];
}

export interface CoreSession<T extends CoreTensor> {
  readonly inputs: readonly CoreInput[];
  readonly outputNames: readonly string[];
  /**
   * Runs the model. `fetches`, when given, names outputs to write into the given tensors (onnxruntime's
   * preallocated outputs); outputs given as null, or not named, are allocated by the runtime.
   */
  run(feeds: Readonly<Record<string, T>>, fetches?: Readonly<Record<string, T | null>>): Promise<Readonly<Record<string, T>>>;
}

/** Wraps float32 (or an int8 model's uint8 cache) values of a shape as the runtime's tensor (no copy). */
export type MakeTensor<T extends CoreTensor> = (data: Float32Array | Uint8Array, dims: readonly number[]) => T;

/** Why the core refused: a bad model, a bad input, or a bad option. The message is one line. */
export class StreamError extends Error {
  constructor(
    readonly kind: 'model' | 'input' | 'usage',
    message: string,
  ) {
    super(message);
    this.name = 'StreamError';
  }
}
