import type * as Ort from 'onnxruntime-web';
import { type OrtLikeTensorClass, coreSessionOf, tensorMaker } from '../../streaming/ort-session.js';
import type { CoreSession, MakeTensor } from '../../streaming/session.js';

type OrtWeb = typeof Ort;
export type WebTensor = Ort.Tensor;

export interface OpenedWebSession {
  /** The session as the streaming core takes it, and its tensor factory. */
  readonly session: CoreSession<WebTensor>;
  readonly makeTensor: MakeTensor<WebTensor>;
  /** The execution provider that runs the model: 'wasm' or 'webgpu'. */
  readonly ep: string;
  /** onnxruntime-web's wasm build the page loaded: 'wasm' (plain) or 'jsep' (wasm and WebGPU). */
  readonly build: 'wasm' | 'jsep';
  /** wasm threads (1 unless cross-origin isolated); 0 on WebGPU. */
  readonly threads: number;
  readonly notes: string[];
  readonly ortVersion: string;
}

/**
 * onnxruntime-web's build for what will run, imported on demand (web/bundle-page.ts bundles each as its
 * own chunk, so the page downloads only the one it imports): `onnxruntime-web/wasm` loads the plain
 * wasm build (ort-wasm-simd-threaded.wasm, about 14 MB); the default entry loads the JSEP build
 * (ort-wasm-simd-threaded.jsep.wasm, about 28 MB), which adds WebGPU, and is fetched only to run on it.
 */
function loadOrtWeb(build: 'wasm' | 'jsep'): Promise<OrtWeb> {
  return build === 'jsep' ? import('onnxruntime-web') : import('onnxruntime-web/wasm');
}

/**
 * An onnxruntime-web session on the wanted execution provider: WebGPU when asked for and an adapter is
 * present, otherwise wasm (multi-threaded when the page is cross-origin isolated), with a note saying why.
 */
export async function openWebSession(model: Uint8Array, wanted: string, wasmDir: string, threadsWanted?: number): Promise<OpenedWebSession> {
  const notes: string[] = [];
  const hasGpu = await webGpuAdapter();
  const build = wanted === 'webgpu' && hasGpu ? 'jsep' : 'wasm';
  const ort = await loadOrtWeb(build);
  ort.env.wasm.wasmPaths = wasmDir;
  const threads = self.crossOriginIsolated ? (threadsWanted ?? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1))) : 1;
  ort.env.wasm.numThreads = threads;
  const options: Ort.InferenceSession.SessionOptions = { graphOptimizationLevel: 'all' };
  const opened = (session: Ort.InferenceSession, ep: string, threadCount: number): OpenedWebSession => ({
    session: coreSessionOf<WebTensor>(session),
    makeTensor: tensorMaker(ort.Tensor as OrtLikeTensorClass<WebTensor>),
    ep,
    build,
    threads: threadCount,
    notes,
    ortVersion: ort.env.versions.web ?? ort.env.versions.common,
  });
  if (build === 'jsep') {
    try {
      return opened(await ort.InferenceSession.create(model, { ...options, executionProviders: ['webgpu'] }), 'webgpu', 0);
    } catch (error) {
      notes.push(`WebGPU could not run the model (${oneLine(error)}); running on wasm instead.`);
    }
  } else if (wanted === 'webgpu') {
    notes.push('WebGPU is missing in this browser (no adapter); running on wasm instead.');
  } else if (!hasGpu) {
    notes.push('WebGPU is missing in this browser (no adapter): the page runs on wasm.');
  }
  if (!self.crossOriginIsolated) notes.push('The page is not cross-origin isolated: wasm runs on one thread.');
  return opened(await ort.InferenceSession.create(model, { ...options, executionProviders: ['wasm'] }), 'wasm', threads);
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
