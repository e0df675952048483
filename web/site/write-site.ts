import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveOptional } from '../../io/optional-package.js';
import { ORT_DIR, PAGE_BUNDLE, PAGE_BUNDLE_INFO, PAGE_SCRIPT, SITE_CONFIG_FILE, type PageBundleInfo, type SiteConfig } from '../site-config.js';
import { indexHtml } from './index-html.js';
import { SiteError } from './site-error.js';
import { requireWebStreamModel } from './web-model-check.js';

export interface WriteSiteOptions {
  /** The online model's bytes, and its name for messages. */
  readonly model: Uint8Array;
  readonly shown: string;
  readonly outDir: string;
  readonly labels?: readonly string[];
  readonly window?: number;
}

/** onnxruntime-web's wasm build that its default bundle loads (wasm and WebGPU through JSEP). */
const ORT_FILES = ['ort-wasm-simd-threaded.jsep.wasm', 'ort-wasm-simd-threaded.jsep.mjs'];
const MODEL_FILE = 'model.onnx';

/**
 * Writes the static site of an online model: index.html, the page script (bundled with onnxruntime-web
 * by `npm run build`), onnxruntime-web's wasm files copied from the installed package, the model and
 * vnet-site.json. Nothing is fetched from the network, at build or at run time.
 */
export async function writeSite(options: WriteSiteOptions): Promise<string[]> {
  const network = requireWebStreamModel(options.model, options.shown);
  const out = options.outDir;
  const files = ORT_FILES.map((file) => resolveOptional('onnxruntime-web', file, 'for the wasm files the page runs the model with', import.meta.url));
  // The package exports no package.json; its dist/ folder sits beside it.
  const manifest = path.join(path.dirname(files[0] as string), '..', 'package.json');
  const ortVersion = (JSON.parse(await readFile(manifest, 'utf8')) as { version: string }).version;
  const page = await pageBundle(ortVersion);
  try {
    await mkdir(path.join(out, ORT_DIR), { recursive: true });
  } catch (error) {
    throw new SiteError('io', `cannot create '${out}': ${(error as Error).message}`);
  }
  for (const [i, file] of files.entries()) await copyFile(file, path.join(out, ORT_DIR, ORT_FILES[i] as string));
  await copyFile(page, path.join(out, PAGE_SCRIPT));
  await writeFile(path.join(out, MODEL_FILE), options.model);
  const config: SiteConfig = { model: MODEL_FILE, labels: options.labels ?? [], window: options.window ?? 8, ortVersion };
  await writeFile(path.join(out, SITE_CONFIG_FILE), `${JSON.stringify(config, null, 2)}\n`);
  await writeFile(path.join(out, 'index.html'), indexHtml(`vnet · ${network}`));
  return ['index.html', PAGE_SCRIPT, MODEL_FILE, SITE_CONFIG_FILE, ...ORT_FILES.map((f) => `${ORT_DIR}/${f}`)];
}

/** dist/web/site/write-site.js finds the bundle in dist/web; web/site/write-site.ts (tests) in the built dist/web. */
const BUNDLE_DIRS = ['../', '../../dist/web/'];

/** The prebuilt page, checked to hold the onnxruntime-web whose wasm files are copied beside it. */
async function pageBundle(ortVersion: string): Promise<string> {
  const dir = BUNDLE_DIRS.map((d) => fileURLToPath(new URL(d, import.meta.url))).find((d) => existsSync(path.join(d, PAGE_BUNDLE)));
  if (dir === undefined) {
    throw new SiteError('io', `the browser page bundle (${PAGE_BUNDLE}) is missing from this installation of vnet: build it with 'npm run build' (it needs onnxruntime-web)`);
  }
  const info = JSON.parse(await readFile(path.join(dir, PAGE_BUNDLE_INFO), 'utf8')) as PageBundleInfo;
  if (info.ortVersion !== ortVersion) {
    throw new SiteError('io', `the browser page was bundled with onnxruntime-web ${info.ortVersion}, but ${ortVersion} is installed: install onnxruntime-web@${info.ortVersion}`);
  }
  return path.join(dir, PAGE_BUNDLE);
}
