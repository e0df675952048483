/**
 * Build step (`npm run build`, after tsc): bundles the page of `vnetc web` (web/page with
 * onnxruntime-web) into dist/web/vnet-page.js with esbuild, each onnxruntime-web build the page imports
 * on demand in a chunk of its own beside it (dist/web/vnet-page-*.js: the page downloads only the one it
 * runs), and records the files and the onnxruntime-web version they were bundled with (vnet-page.json),
 * so `vnetc web` copies a prebuilt page and needs no bundler at run time.
 * Without esbuild or onnxruntime-web (a lean build) the page is left out, saying so.
 */
import { readFileSync, readdirSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFilesAtomic } from '../io/atomic-write.js';
import { PAGE_BUNDLE, PAGE_BUNDLE_INFO, type PageBundleInfo } from './site-config.js';

/** dist/web/bundle-page.js: the package root is two levels up, the bundle beside this file. */
const root = fileURLToPath(new URL('../../', import.meta.url));
const here = fileURLToPath(new URL('./', import.meta.url));

async function bundle(): Promise<void> {
  const require = createRequire(import.meta.url);
  let ortVersion: string;
  try {
    // The package exports no package.json; its dist/ folder sits beside it.
    const wasm = require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm');
    ortVersion = (JSON.parse(readFileSync(new URL('../package.json', `file://${wasm}`), 'utf8')) as { version: string }).version;
  } catch {
    process.stderr.write('note: onnxruntime-web is not installed; the browser page of `vnetc web` is not bundled\n');
    return;
  }
  const esbuild = await import('esbuild');
  // The chunks of an earlier build are not this page's.
  for (const stale of readdirSync(here).filter((file) => /^vnet-page-.*\.js$/.test(file))) unlinkSync(`${here}${stale}`);
  const result = await esbuild.build({
    entryPoints: { 'vnet-page': `${root}web/page/main.ts` },
    bundle: true,
    splitting: true,
    chunkNames: 'vnet-page-[name]-[hash]',
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // onnxruntime-web's build that loads its wasm glue from ort.env.wasm.wasmPaths (the copied files)
    conditions: ['onnxruntime-web-use-extern-wasm'],
    minify: true,
    outdir: here,
    metafile: true,
    logLevel: 'warning',
    write: false,
  });
  if (result.errors.length > 0) throw new Error(`bundling the page failed: ${result.errors[0]?.text ?? ''}`);
  const chunks = Object.keys(result.metafile.outputs)
    .map((file) => basename(file))
    .filter((file) => file !== PAGE_BUNDLE)
    .sort();
  const info: PageBundleInfo = { ortVersion, files: [PAGE_BUNDLE, ...chunks] };
  // The page, its chunks and the record of them, written as one atomic set (as every vnet output).
  await writeFilesAtomic([
    ...result.outputFiles.map((file) => ({ path: file.path, content: file.contents })),
    { path: `${here}${PAGE_BUNDLE_INFO}`, content: `${JSON.stringify(info)}\n` },
  ]);
}

await bundle();
