import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ort } from './ort.js';
import { readBounded } from '../io/read-bounded.js';
import { trackTemporary, untrackTemporary } from '../io/cleanup.js';

/** onnxruntime saves in one protobuf: under 2 GiB. */
const ORT_MODEL_LIMIT = 2 * 1024 ** 3;

/**
 * The model as onnxruntime's CPU provider rewrites it at load (every graph optimization, its
 * blocked NCHWc convolution layout included), saved by onnxruntime itself: its documented
 * "offline" optimization. The result runs on onnxruntime only, on CPUs with the same NCHWc block.
 */
export async function optimizeOffline(bytes: Uint8Array): Promise<Uint8Array> {
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
