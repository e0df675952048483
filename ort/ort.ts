import type OrtDefault from 'onnxruntime-node';
import type * as OrtModule from 'onnxruntime-node';
import { importOptional } from '../io/optional-package.js';

export type Ort = typeof OrtDefault;
export type OrtSession = OrtModule.InferenceSession;
export type OrtTensor = OrtModule.Tensor;
export type OrtValueMetadata = OrtModule.InferenceSession.ValueMetadata;
export type OrtSessionOptions = OrtModule.InferenceSession.SessionOptions;

let loading: Promise<Ort> | undefined;
let loaded: Ort | undefined;

/**
 * The one place onnxruntime-node is imported, on first use only: a lean install (`--omit=optional`)
 * has no onnxruntime, and check, fmt, summary, compile and lsp never get here. Its native logger is
 * process-wide and takes its level from `env.logLevel` on the first session ever created, so it is
 * silenced here, before any session exists: vnet reports provider problems itself, in one line.
 * `feature` says what it is needed for (`to run models`), for the message when it is missing.
 */
export function loadOrt(feature = 'to run models'): Promise<Ort> {
  loading ??= importOptional('onnxruntime-node', feature, () => import('onnxruntime-node')).then(
    (module) => {
      const ort = module.default;
      ort.env.logLevel = 'fatal';
      return (loaded = ort);
    },
    (error: unknown) => {
      // Not remembered: the next caller (with its own feature) gets its own message.
      loading = undefined;
      throw error;
    },
  );
  return loading as Promise<Ort>;
}

/**
 * onnxruntime once `loadOrt` has resolved: tensors are made only for a session, and every session is
 * created through `loadOrt`, so code that holds a session may use this synchronously.
 */
export function loadedOrt(): Ort {
  if (loaded === undefined) throw new Error('onnxruntime-node was used before it was loaded (loadOrt)');
  return loaded;
}
