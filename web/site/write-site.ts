import { existsSync } from 'node:fs';
import { lstat, mkdir, readFile, realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { packageFile } from '../../base/package-files.js';
import { resolveOptional } from '../../io/optional-package.js';
import { ORT_DIR, ORT_FILES, PAGE_BUNDLE, PAGE_BUNDLE_INFO, SITE_CONFIG_FILE, type PageBundleInfo, type SiteConfig } from '../site-config.js';
import { DEFAULT_WINDOW } from '../../portable/defaults.js';
import { type PlannedFile, writeFilesAtomic } from '../../io/atomic-write.js';
import { failedOutput, fileKind, writeReason } from '../../io/reason.js';
import { indexHtml } from './index-html.js';
import { MANIFEST_FILE, manifestText, readManifest } from './manifest.js';
import { SiteError } from './site-error.js';
import { requireWebStreamModel } from './web-model-check.js';

export interface WriteSiteOptions {
  /** The online model's bytes, and its name for messages. */
  readonly model: Uint8Array;
  readonly shown: string;
  readonly outDir: string;
  readonly labels?: readonly string[];
  readonly window?: number;
  /** Replace files in the folder that vnet did not write. */
  readonly force?: boolean;
  /** The command's input files (model, labels): never replaced by a site file. */
  readonly inputs?: readonly string[];
  /** .npy clips copied into the site under their own names, for `?clip=NAME.npy` (the server serves only the site's files). */
  readonly clips?: readonly string[];
}

const MODEL_FILE = 'model.onnx';
/** onnxruntime-web's wasm build is about 25 MB; a file many times that is not it. */
const MAX_ORT_FILE_BYTES = 256 * 1024 ** 2;
const MAX_CLIP_BYTES = 2 * 1024 ** 3;
/** A clip keeps its own name in the site: a plain .npy file name. */
const CLIP_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\.npy$/;

/**
 * Writes the static site of an online model: index.html, the page script (bundled with onnxruntime-web
 * by `npm run build`), onnxruntime-web's wasm files copied from the installed package, the
 * model and vnet-site.json. Nothing is fetched from the network, at build or at run time. Every file
 * goes through io/atomic-write.ts, all at once, with the manifest of what vnet wrote (./manifest.ts):
 * a file there that vnet did not write is refused unless `force`, and a symbolic link in the folder is
 * replaced, never written through.
 */
export async function writeSite(options: WriteSiteOptions): Promise<string[]> {
  const network = requireWebStreamModel(options.model, options.shown);
  const out = options.outDir;
  let root: string;
  try {
    await mkdir(out, { recursive: true });
    root = await realpath(out);
  } catch (error) {
    throw new SiteError('io', `cannot create '${out}': ${(error as Error).message}`);
  }
  await realFolder(root, ORT_DIR);
  const sources = ORT_FILES.map((file) => resolveOptional('onnxruntime-web', file, 'for the wasm files the page runs the model with', import.meta.url));
  // The package exports no package.json; its dist/ folder sits beside it.
  const manifest = path.join(path.dirname(sources[0] as string), '..', 'package.json');
  const ortVersion = (JSON.parse(await readFile(manifest, 'utf8')) as { version: string }).version;
  const page = await pageBundle(ortVersion);
  const config: SiteConfig = { model: MODEL_FILE, labels: options.labels ?? [], window: options.window ?? DEFAULT_WINDOW, ortVersion };
  const files: PlannedFile[] = [
    { path: 'index.html', content: indexHtml(`vnet · ${network}`) },
    ...page.files.map((file) => ({ path: file, content: { copyOf: path.join(page.dir, file), limit: MAX_ORT_FILE_BYTES } })),
    { path: MODEL_FILE, content: options.model },
    { path: SITE_CONFIG_FILE, content: `${JSON.stringify(config, null, 2)}\n` },
    ...ORT_FILES.map((file, i) => ({ path: `${ORT_DIR}/${file}`, content: { copyOf: sources[i] as string, limit: MAX_ORT_FILE_BYTES } })),
  ];
  for (const clip of options.clips ?? []) {
    const name = path.basename(clip);
    if (!CLIP_NAME.test(name) || files.some((f) => f.path === name)) {
      throw new SiteError(
        'usage',
        `--clip '${clip}': a clip is copied into the site under its own name, which must be a plain .npy file name that is not a file of the site`,
      );
    }
    files.push({ path: name, content: { copyOf: clip, limit: MAX_CLIP_BYTES } });
  }
  const names = files.map((f) => f.path);
  await refuseStrangers(root, names, options.force ?? false);
  const planned = [{ path: MANIFEST_FILE, content: manifestText(names) }, ...files].map((f) => ({ ...f, path: path.join(root, f.path) }));
  try {
    await writeFilesAtomic(planned, { protect: options.inputs ?? [], replaceLinks: true });
  } catch (error) {
    const file = path.relative(root, failedOutput(error) ?? root) || '.';
    throw new SiteError('io', `cannot write '${file}': ${writeReason(error)}`, { kind: 'unwritable', file, reason: writeReason(error) });
  }
  return names;
}

/** A folder of the site is a real folder inside it (made when missing), never a link out of it. */
async function realFolder(root: string, name: string): Promise<void> {
  const folder = path.join(root, name);
  const info = await lstat(folder).catch(() => undefined);
  const reason = info === undefined || info.isDirectory() ? undefined : info.isSymbolicLink() ? 'is a symbolic link' : `is ${fileKind(info)}`;
  if (reason !== undefined) {
    const why = `${reason}; vnet writes a site only into real folders inside it`;
    throw new SiteError('io', `cannot write '${name}': ${why}`, { kind: 'unwritable', file: name, reason: why });
  }
  if (info === undefined) await mkdir(folder);
}

/** Refuses (unless forced) to replace a file that the folder's manifest does not list as vnet's. */
async function refuseStrangers(root: string, names: readonly string[], force: boolean): Promise<void> {
  if (force) return;
  const ours = await readManifest(root);
  const strangers: string[] = [];
  for (const name of names) {
    if (!ours.has(name) && (await lstat(path.join(root, name)).catch(() => undefined)) !== undefined) strangers.push(name);
  }
  const [first] = strangers;
  if (first !== undefined) {
    throw new SiteError('usage', `cannot replace '${first}': vnetc web did not write it`, { kind: 'not-ours', file: first, others: strangers.length - 1 });
  }
}

/** The prebuilt page's files, checked to hold the onnxruntime-web whose wasm files are copied beside them. */
async function pageBundle(ortVersion: string): Promise<{ dir: string; files: readonly string[] }> {
  // The built page, from dist/web/site/write-site.js and from the sources (tests) alike.
  const dir = packageFile('dist', 'web');
  if (!existsSync(path.join(dir, PAGE_BUNDLE))) {
    throw new SiteError(
      'io',
      `the browser page bundle (${PAGE_BUNDLE}) is missing from this installation of vnet: build it with 'npm run build' (it needs onnxruntime-web)`,
    );
  }
  const info = JSON.parse(await readFile(path.join(dir, PAGE_BUNDLE_INFO), 'utf8')) as PageBundleInfo;
  if (info.ortVersion !== ortVersion) {
    throw new SiteError(
      'io',
      `the browser page was bundled with onnxruntime-web ${info.ortVersion}, but ${ortVersion} is installed: install onnxruntime-web@${info.ortVersion}`,
    );
  }
  if (!Array.isArray(info.files) || info.files[0] !== PAGE_BUNDLE || !info.files.every((f) => /^vnet-page[\w.-]*\.js$/.test(f))) {
    throw new SiteError('io', `the browser page bundle's ${PAGE_BUNDLE_INFO} does not list its files: build it again with 'npm run build'`);
  }
  return { dir, files: info.files };
}
