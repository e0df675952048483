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

/** The prebuilt page (`npm run build`: web/bundle-page.ts) in dist/web, and what it was bundled with. */
export const PAGE_BUNDLE = 'vnet-page.js';
export const PAGE_BUNDLE_INFO = 'vnet-page.json';

export interface PageBundleInfo {
  /** The onnxruntime-web version inside the bundle: the wasm files copied beside it must match. */
  readonly ortVersion: string;
}
