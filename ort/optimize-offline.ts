import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrt } from './ort.js';
import { readBounded } from '../io/read-bounded.js';
import { trackTemporary, untrackTemporary } from '../io/cleanup.js';

/** onnxruntime saves in one protobuf: under 2 GiB. */
const ORT_MODEL_LIMIT = 2 * 1024 ** 3;

/** What needs onnxruntime at compile time, for the message when a lean install has none. */
export const ORT_CPU_FEATURE = 'to lay time shifts out in its CPU layout (--target ort-cpu; --cpu-layout plain needs no onnxruntime)';

/**
 * The model as onnxruntime's CPU provider rewrites it at load (every graph optimization, its
 * blocked NCHWc convolution layout included), saved by onnxruntime itself: its documented
 * "offline" optimization. The result runs on onnxruntime only, on CPUs with the same NCHWc block.
 */
export async function optimizeOffline(bytes: Uint8Array): Promise<Uint8Array> {
  const ort = await loadOrt(ORT_CPU_FEATURE);
  const dir = await mkdtemp(join(tmpdir(), 'vnet-ort-'));
  trackTemporary(dir);
  const file = join(dir, 'optimized.onnx');
  try {
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      logSeverityLevel: 4,
      optimizedModelFilePath: file,
    });
    await session.release();
    return await readBounded(file, ORT_MODEL_LIMIT);
  } finally {
    await rm(dir, { recursive: true, force: true });
    untrackTemporary(dir);
  }
}
