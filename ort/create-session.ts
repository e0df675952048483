import { loadOrt, type OrtSession } from './ort.js';

/** The execution providers onnxruntime-node may be asked for. */
export interface CreateSessionOptions {
  readonly providers: readonly string[];
  /** intraOpNumThreads; left to onnxruntime when absent. */
  readonly threads?: number;
}

/**
 * An onnxruntime session with its own log silenced (vnet reports problems itself). A path is opened
 * as a path, so onnxruntime finds the model's external data beside it.
 */
export async function createSession(model: Uint8Array | string, options: CreateSessionOptions): Promise<OrtSession> {
  const ort = await loadOrt();
  const settings = {
    executionProviders: [...options.providers],
    logSeverityLevel: 4 as const,
    ...(options.threads !== undefined ? { intraOpNumThreads: options.threads } : {}),
  };
  return typeof model === 'string' ? ort.InferenceSession.create(model, settings) : ort.InferenceSession.create(model, settings);
}
