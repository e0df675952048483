import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ort } from './ort.js';

/**
 * The model as onnxruntime's CPU provider rewrites it at load (every graph optimization, its
 * blocked NCHWc convolution layout included), saved by onnxruntime itself: its documented
 * "offline" optimization. The result runs on onnxruntime only, on CPUs with the same NCHWc block.
 */
export async function optimizeOffline(bytes: Uint8Array): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'vnet-ort-'));
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
    return new Uint8Array(await readFile(file));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
