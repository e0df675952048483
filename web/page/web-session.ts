import * as ort from 'onnxruntime-web';
import type { CoreSession } from '../../streaming/session.js';

export type WebTensor = ort.Tensor;

export interface OpenedWebSession {
  readonly session: ort.InferenceSession;
  /** The execution provider that runs the model: 'wasm' or 'webgpu'. */
  readonly ep: string;
  /** wasm threads (1 unless cross-origin isolated); 0 on WebGPU. */
  readonly threads: number;
  readonly notes: string[];
}

/**
 * An onnxruntime-web session on the wanted execution provider: WebGPU when asked for and present,
 * otherwise wasm (multi-threaded when the page is cross-origin isolated), with a note saying why.
 */
export async function openWebSession(model: Uint8Array, wanted: string, wasmDir: string, threadsWanted?: number): Promise<OpenedWebSession> {
  const options: ort.InferenceSession.SessionOptions = { graphOptimizationLevel: 'all' };
  ort.env.wasm.wasmPaths = wasmDir;
  const threads = self.crossOriginIsolated ? (threadsWanted ?? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1))) : 1;
  ort.env.wasm.numThreads = threads;
  const notes: string[] = [];
  const hasGpu = await webGpuAdapter();
  if (wanted === 'webgpu') {
    if (hasGpu) {
      try {
        return { session: await ort.InferenceSession.create(model, { ...options, executionProviders: ['webgpu'] }), ep: 'webgpu', threads: 0, notes };
      } catch (error) {
        notes.push(`WebGPU could not run the model (${oneLine(error)}); running on wasm instead.`);
      }
    } else {
      notes.push('WebGPU is missing in this browser (no adapter); running on wasm instead.');
    }
  } else if (!hasGpu) {
    notes.push('WebGPU is missing in this browser (no adapter): the page runs on wasm.');
  }
  if (!self.crossOriginIsolated) notes.push('The page is not cross-origin isolated: wasm runs on one thread.');
  return { session: await ort.InferenceSession.create(model, { ...options, executionProviders: ['wasm'] }), ep: 'wasm', threads, notes };
}

/** The onnxruntime-web session as the streaming core sees it. */
export function coreSession(session: ort.InferenceSession): CoreSession<WebTensor> {
  return {
    inputs: session.inputMetadata.map((m) => (m.isTensor ? { name: m.name, type: m.type, shape: m.shape } : { name: m.name, type: 'non-tensor' })),
    outputNames: session.outputNames,
    run: (feeds) => session.run(feeds) as Promise<Record<string, WebTensor>>,
  };
}

export const makeWebTensor = (data: Float32Array | Uint8Array, dims: readonly number[]): WebTensor =>
  data instanceof Uint8Array ? new ort.Tensor('uint8', data, [...dims]) : new ort.Tensor('float32', data, [...dims]);

export function ortVersion(): string {
  return ort.env.versions.web ?? ort.env.versions.common;
}

export function oneLine(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).split('\n')[0] ?? '';
}

/** Whether the browser has WebGPU with an adapter (headless browsers often expose the API but no adapter). */
async function webGpuAdapter(): Promise<boolean> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (gpu === undefined) return false;
  try {
    return (await gpu.requestAdapter()) !== null;
  } catch {
    return false;
  }
}
