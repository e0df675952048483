import { createSession } from './create-session.js';
import { loadedOrt } from './ort.js';

/** float32 values of a shape, in C order. */
export interface FloatTensor {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

/** A model run on float32 inputs, returning its float32 outputs by name (the compiler's calibration and validation). */
export interface FloatRunner {
  readonly outputNames: readonly string[];
  run(feeds: Readonly<Record<string, FloatTensor>>): Promise<Map<string, FloatTensor>>;
  release(): Promise<void>;
}

/** Opens a model from its bytes on onnxruntime's CPU provider. */
export async function openFloatRunner(model: Uint8Array, threads?: number): Promise<FloatRunner> {
  const session = await createSession(model, { providers: ['cpu'], ...(threads !== undefined ? { threads } : {}) });
  return {
    outputNames: session.outputNames,
    async run(feeds) {
      const inputs = Object.fromEntries(Object.entries(feeds).map(([name, t]) => [name, new (loadedOrt().Tensor)('float32', t.data, [...t.dims])]));
      const results = await session.run(inputs);
      const out = new Map<string, FloatTensor>();
      for (const [name, t] of Object.entries(results)) {
        if (t.type !== 'float32') throw new Error(`output '${name}' is ${t.type}, not float32`);
        out.set(name, { data: t.data as Float32Array, dims: [...t.dims] });
      }
      return out;
    },
    release: () => session.release(),
  };
}
