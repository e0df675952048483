/**
 * Writes a model's folder into a Triton repository atomically: everything goes into a hidden folder
 * beside it, which then replaces `REPO/<name>` in one rename, so Triton (which may be polling the
 * repository) never sees half a model. A failure leaves the old folder as it was.
 *
 * vnet replaces only what it wrote: every folder it writes holds MARKER_FILE, and an existing
 * `REPO/<name>` without it (a source folder, another tool's model) is refused unless `force`. A folder
 * that holds an input of the command is never replaced. All work happens inside the repository's real
 * folder (a symbolic link `-o link` is resolved first), and nothing outside it is renamed.
 */
import { randomBytes } from 'node:crypto';
import { renameSync } from 'node:fs';
import { lstat, mkdir, realpath, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { type PlannedFile, writeFilesAtomic } from '../../io/atomic-write.js';
import { trackTemporary, untrackTemporary } from '../../io/cleanup.js';
import { readBounded } from '../../io/read-bounded.js';
import { isInside } from '../../io/reason.js';
import type { RepoFile } from './export-model.js';
import { isModelName } from './model-name.js';

/** vnet's mark in every model folder it writes (Triton ignores files it does not know). */
export const MARKER_FILE = '.vnet-triton.json';

/** A file the command reads, and how messages name it. */
export interface CommandInput {
  readonly path: string;
  readonly shown: string;
}

export interface WriteModelOptions {
  /** Replace `REPO/<name>` even when vnet did not write it. */
  readonly force?: boolean;
  /** The command's inputs: never replaced, never inside a folder that is replaced. */
  readonly inputs: readonly CommandInput[];
}

/** Why a model folder is not replaced: vnet did not write it, or it holds an input of the command. */
export class RepositoryRefusal extends Error {
  constructor(
    readonly kind: 'not-ours' | 'holds-input',
    /** For holds-input: the input, as messages name it. */
    readonly input?: string,
  ) {
    super(kind === 'not-ours' ? `vnetc triton did not write it (it holds no ${MARKER_FILE})` : `it holds '${input ?? ''}', an input of this command`);
    this.name = 'RepositoryRefusal';
  }
}

export async function writeModelDirectory(repo: string, name: string, files: readonly RepoFile[], options: WriteModelOptions): Promise<void> {
  if (!isModelName(name)) throw new Error(`'${name}' is not a model name`);
  await mkdir(repo, { recursive: true });
  const root = await realpath(repo);
  const target = path.join(root, name);
  await admitTarget(target, options);
  // Registered before it exists, so an interrupt at any moment removes it.
  const staging = path.join(root, `.${name}.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
  trackTemporary(staging);
  try {
    await mkdir(staging);
    const planned: PlannedFile[] = [{ path: MARKER_FILE, content: marker(name, files) }, ...files.map(content)].map((f) => ({ ...f, path: path.join(staging, f.path) }));
    for (const dir of new Set(planned.map((f) => path.dirname(f.path)))) await mkdir(dir, { recursive: true });
    await writeFilesAtomic(planned, { protect: options.inputs.map((i) => i.path), replaceLinks: true });
    await swapIn(staging, target);
  } finally {
    await rm(staging, { recursive: true, force: true });
    untrackTemporary(staging);
  }
}

/** Refuses to replace a folder vnet did not write (unless forced) or one that holds an input. */
async function admitTarget(target: string, options: WriteModelOptions): Promise<void> {
  let info;
  try {
    info = await lstat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const input of options.inputs) {
    const real = await realpath(input.path).catch(() => undefined);
    if (real !== undefined && isInside(target, real)) throw new RepositoryRefusal('holds-input', input.shown);
  }
  if (options.force || (info.isDirectory() && (await isOurs(target)))) return;
  throw new RepositoryRefusal('not-ours');
}

async function isOurs(folder: string): Promise<boolean> {
  try {
    const text = new TextDecoder().decode(await readBounded(path.join(folder, MARKER_FILE), 64 * 1024));
    return (JSON.parse(text) as { writtenBy?: unknown }).writtenBy === 'vnetc triton';
  } catch {
    return false;
  }
}

function marker(name: string, files: readonly RepoFile[]): string {
  return `${JSON.stringify({ writtenBy: 'vnetc triton', model: name, files: files.map((f) => f.path) }, null, 2)}\n`;
}

function content(file: RepoFile): PlannedFile {
  return 'bytes' in file ? { path: file.path, content: file.bytes } : { path: file.path, content: { copyOf: file.copyFrom, limit: file.size } };
}

/**
 * Moves the old folder (or whatever is there) aside inside the repository, the new one in, then drops
 * the old. The two renames are synchronous, so a signal (io/cleanup.ts) never lands between them.
 */
async function swapIn(staging: string, target: string): Promise<void> {
  const old = path.join(path.dirname(target), `.${path.basename(target)}.old-${process.pid}-${randomBytes(4).toString('hex')}`);
  let moved = false;
  try {
    renameSync(target, old);
    moved = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    renameSync(staging, target);
  } catch (error) {
    if (moved) restore(old, target);
    throw error;
  }
  if (!moved) return;
  trackTemporary(old);
  await rm(old, { recursive: true, force: true });
  untrackTemporary(old);
}

function restore(old: string, target: string): void {
  try {
    renameSync(old, target);
  } catch {
    // best effort; the original error is what the user needs
  }
}
