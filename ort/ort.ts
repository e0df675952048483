import ort from 'onnxruntime-node';

/**
 * The one place onnxruntime-node is imported. Its native logger is process-wide and takes its
 * level from `env.logLevel` on the first session ever created, so it is silenced here, before
 * any session exists: vnet reports provider problems itself, in one line, and raw onnxruntime
 * log lines (with ANSI colours and C++ file names) would only repeat them.
 */
ort.env.logLevel = 'fatal';

export { ort };
export type OrtSession = ort.InferenceSession;
export type OrtTensor = ort.Tensor;
export type OrtValueMetadata = ort.InferenceSession.ValueMetadata;
