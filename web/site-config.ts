/**
 * What `vnetc web` tells the page besides the model: written as `vnet-site.json` by the site writer,
 * read by the page. Plain data, no imports, so both sides share it.
 */
export interface SiteConfig {
  /** The model file, relative to index.html. */
  readonly model: string;
  /** Class labels by index; the page shows `class k` past their end. */
  readonly labels: readonly string[];
  /** Frames averaged by the moving average. */
  readonly window: number;
  /** onnxruntime-web's version, shown on the page. */
  readonly ortVersion: string;
}

export const SITE_CONFIG_FILE = 'vnet-site.json';
/** Where onnxruntime-web's wasm files are copied, relative to index.html. */
export const ORT_DIR = 'ort';
export const PAGE_SCRIPT = 'vnet-page.js';

/**
 * onnxruntime-web's wasm builds the page loads from ORT_DIR (web/page/web-session.ts): the plain one
 * (`onnxruntime-web/wasm`, about 14 MB) runs wasm, the default; the JSEP one (`onnxruntime-web`, about
 * 28 MB) adds WebGPU and is fetched only for `?ep=webgpu` on a browser with an adapter.
 */
export const ORT_FILES = [
  'ort-wasm-simd-threaded.wasm',
  'ort-wasm-simd-threaded.mjs',
  'ort-wasm-simd-threaded.jsep.wasm',
  'ort-wasm-simd-threaded.jsep.mjs',
] as const;

/** The prebuilt page (`npm run build`: web/bundle-page.ts) in dist/web, and what it was bundled with. */
export const PAGE_BUNDLE = PAGE_SCRIPT;
export const PAGE_BUNDLE_INFO = 'vnet-page.json';

export interface PageBundleInfo {
  /** The onnxruntime-web version inside the bundle: the wasm files copied beside it must match. */
  readonly ortVersion: string;
  /** The bundle's files beside it: the page script first, then the chunks it imports on demand (one per onnxruntime-web build). */
  readonly files: readonly string[];
}
