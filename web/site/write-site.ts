import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ORT_DIR, PAGE_SCRIPT, SITE_CONFIG_FILE, type SiteConfig } from '../site-config.js';
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
 * Writes the static site of an online model: index.html, the page script (bundled by esbuild from
 * web/page with onnxruntime-web), onnxruntime-web's wasm files copied from the installed package, the
 * model and vnet-site.json. Nothing is fetched from the network, at build or at run time.
 */
export async function writeSite(options: WriteSiteOptions): Promise<string[]> {
  const network = requireWebStreamModel(options.model, options.shown);
  const out = options.outDir;
  try {
    await mkdir(path.join(out, ORT_DIR), { recursive: true });
  } catch (error) {
    throw new SiteError('io', `cannot create '${out}': ${(error as Error).message}`);
  }
  const require = createRequire(import.meta.url);
  const files = ORT_FILES.map((file) => require.resolve(`onnxruntime-web/${file}`));
  // The package exports no package.json; its dist/ folder sits beside it.
  const manifest = path.join(path.dirname(files[0] as string), '..', 'package.json');
  const ortVersion = (JSON.parse(await readFile(manifest, 'utf8')) as { version: string }).version;
  for (const [i, file] of files.entries()) await copyFile(file, path.join(out, ORT_DIR, ORT_FILES[i] as string));
  await bundlePage(path.join(out, PAGE_SCRIPT));
  await writeFile(path.join(out, MODEL_FILE), options.model);
  const config: SiteConfig = { model: MODEL_FILE, labels: options.labels ?? [], window: options.window ?? 8, ortVersion };
  await writeFile(path.join(out, SITE_CONFIG_FILE), `${JSON.stringify(config, null, 2)}\n`);
  await writeFile(path.join(out, 'index.html'), indexHtml(`vnet · ${network}`));
  return ['index.html', PAGE_SCRIPT, MODEL_FILE, SITE_CONFIG_FILE, ...ORT_FILES.map((f) => `${ORT_DIR}/${f}`)];
}

/** The page entry: compiled JS beside this file when run from dist, the TypeScript source otherwise. */
function pageEntry(): string {
  const js = fileURLToPath(new URL('../page/main.js', import.meta.url));
  return existsSync(js) ? js : fileURLToPath(new URL('../page/main.ts', import.meta.url));
}

async function bundlePage(outfile: string): Promise<void> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [pageEntry()],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // onnxruntime-web's build that loads its wasm glue from ort.env.wasm.wasmPaths (the copied files)
    conditions: ['onnxruntime-web-use-extern-wasm'],
    minify: true,
    outfile,
    logLevel: 'silent',
    write: true,
  });
  if (result.errors.length > 0) throw new Error(`bundling the page failed: ${result.errors[0]?.text ?? ''}`);
}
