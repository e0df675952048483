/**
 * Packing vnet and installing the tarball into a fresh project, as a user would (`npm pack`, then
 * `npm install [--omit=optional] vnet-x.y.z.tgz`), for the packaging and GitHub Action tests. Installs
 * come from the local npm cache where they can (`--prefer-offline`); CI has the registry for the rest.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, lstatSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Packed {
  readonly tarball: string;
  /** The tarball's own size, its unpacked size and its file count, as npm reports them. */
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: readonly string[];
}

export interface Installed {
  /** The project folder; its node_modules/.bin/vnetc is the installed command. */
  readonly dir: string;
  readonly seconds: number;
}

/** Runs npm with `args` in `cwd`; throws with npm's own output when it fails. */
export function npm(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync('npm', [...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip', npm_config_update_notifier: 'false', ...env },
    timeout: 600_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** `npm pack` of this repository (dist/ is built by vitest's global setup; no scripts run). */
export function packVnet(): Packed {
  const out = mkdtempSync(path.join(tmpdir(), 'vnet-pack-'));
  const report = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', out], ROOT)) as {
    filename: string;
    size: number;
    unpackedSize: number;
    files: { path: string }[];
  }[];
  const first = report[0]!;
  return { tarball: path.join(out, first.filename), size: first.size, unpackedSize: first.unpackedSize, files: first.files.map((f) => f.path) };
}

/** A fresh project with the tarball installed: lean (`--omit=optional`) or full. */
export function installVnet(tarball: string, lean: boolean): Installed {
  const dir = mkdtempSync(path.join(tmpdir(), lean ? 'vnet-lean-' : 'vnet-full-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'vnet-user', version: '1.0.0', private: true })}\n`);
  const start = performance.now();
  npm(['install', ...(lean ? ['--omit=optional'] : []), '--prefer-offline', '--no-audit', '--no-fund', tarball], dir);
  return { dir, seconds: (performance.now() - start) / 1000 };
}

/** The bytes of every file under `dir` (links not followed), and what they take on disk (512-byte blocks, as du counts). */
export function treeSize(dir: string): { bytes: number; disk: number } {
  let bytes = 0;
  let disk = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const stat = lstatSync(full);
    disk += stat.blocks * 512;
    if (entry.isDirectory()) {
      const inner = treeSize(full);
      bytes += inner.bytes;
      disk += inner.disk;
    } else if (entry.isFile()) {
      bytes += stat.size;
    }
  }
  return { bytes, disk };
}

export const MB = 1_000_000;
