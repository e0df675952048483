/**
 * The one way vnet writes a file. Each file appears complete or not at all: it is written to a
 * temporary file in its target's folder (same file system, so the rename is atomic), then renamed
 * into place, the last file given (the model) last. Rules that keep vnet from destroying what is
 * not its own:
 *   - only regular files are written: a device, FIFO or socket at the path is refused, never replaced;
 *   - a symbolic link is written through: its target gets the new content and the link stays;
 *   - a file with several hard links is rewritten in place (not atomically), so the links stay joined;
 *   - an existing file keeps its permission bits; a read-only file is refused;
 *   - a path that is the same file (device and inode) as one of `protect` (the command's inputs) is refused;
 *   - on any error, only what this call created is undone: new files are removed, and files it
 *     replaced get their old content back (kept as a hard link until the end);
 *   - temporary files are registered with ./cleanup.ts, so an interrupt removes them;
 *   - large contents are written in pieces of at most `maxWriteBytes` (one write() takes under 2 GiB).
 */
import { randomBytes } from 'node:crypto';
import { link, lstat, open, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { trackTemporary, untrackTemporary } from './cleanup.js';
import { FileRefusal, fileKind } from './reason.js';

/** Chunks at offsets of a file too large for one buffer, and the file's length. */
export interface ChunkedContent {
  readonly chunks: readonly { readonly offset: number; readonly bytes: Uint8Array }[];
  readonly dataLength: number;
}

export type FileContent = Uint8Array | string | ChunkedContent;

export interface PlannedFile {
  readonly path: string;
  readonly content: FileContent;
}

export interface WriteOptions {
  /** Files this write must never replace: the command's inputs. */
  readonly protect?: readonly string[];
  /** Largest single write() (default 1 GiB); tests make it small. */
  readonly maxWriteBytes?: number;
}

const DEFAULT_MAX_WRITE = 1024 ** 3;

interface Target {
  /** Where the content goes: the path, or the file its symbolic link points to. */
  readonly path: string;
  readonly existing?: { readonly mode: number; readonly links: number };
}

interface Placed {
  readonly path: string;
  readonly backup?: string;
}

export async function writeFilesAtomic(files: readonly PlannedFile[], options: WriteOptions = {}): Promise<void> {
  const targets = await Promise.all(files.map((f) => resolveTarget(f.path)));
  await refuseInputs(targets, options.protect ?? []);
  const max = options.maxWriteBytes ?? DEFAULT_MAX_WRITE;
  const temps = new Map<number, string>();
  const placed: Placed[] = [];
  try {
    for (const [i, f] of files.entries()) {
      const target = targets[i] as Target;
      if ((target.existing?.links ?? 1) > 1) continue;
      const temp = siblingName(target.path, 'tmp');
      trackTemporary(temp);
      temps.set(i, temp);
      await writeTemp(temp, f.content, target.existing?.mode, max);
    }
    for (const [i, f] of files.entries()) {
      const target = targets[i] as Target;
      const temp = temps.get(i);
      if (temp === undefined) await rewriteInPlace(target.path, f.content, max);
      else placed.push(await place(temp, target));
    }
  } catch (error) {
    await undo(placed);
    await Promise.all([...temps.values()].map((t) => unlink(t).catch(() => undefined)));
    throw error;
  } finally {
    for (const t of temps.values()) untrackTemporary(t);
  }
  await Promise.all(placed.map((p) => (p.backup !== undefined ? dropBackup(p.backup) : undefined)));
}

export function writeFileAtomic(file: string, content: Uint8Array | string, options: WriteOptions = {}): Promise<void> {
  return writeFilesAtomic([{ path: file, content }], options);
}

async function resolveTarget(file: string): Promise<Target> {
  let info;
  try {
    info = await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path: file };
    throw error;
  }
  let real = file;
  if (info.isSymbolicLink()) {
    try {
      real = await realpath(file);
      info = await stat(real);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      throw new FileRefusal('EVNET_DANGLING', 'is a symbolic link to a file that does not exist');
    }
  }
  if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  if (!info.isFile()) throw new FileRefusal('EVNET_NOTREG', `is ${fileKind(info)}; vnet writes only regular files`);
  if ((info.mode & 0o222) === 0) throw new FileRefusal('EVNET_READONLY', 'the file is read-only');
  return { path: real, existing: { mode: info.mode & 0o7777, links: info.nlink } };
}

async function refuseInputs(targets: readonly Target[], protect: readonly string[]): Promise<void> {
  if (protect.length === 0 || targets.every((t) => t.existing === undefined)) return;
  const ids = new Set<string>();
  for (const p of protect) {
    const id = await fileId(p);
    if (id !== undefined) ids.add(id);
  }
  for (const t of targets) {
    if (t.existing === undefined) continue;
    if (ids.has((await fileId(t.path)) ?? '')) throw new FileRefusal('EVNET_SAMEFILE', 'it is an input of this command');
  }
}

async function fileId(file: string): Promise<string | undefined> {
  try {
    const s = await stat(file, { bigint: true });
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}

function siblingName(file: string, kind: 'tmp' | 'old'): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.${kind}`);
}

async function writeTemp(temp: string, content: FileContent, mode: number | undefined, max: number): Promise<void> {
  const handle = await open(temp, 'wx', mode ?? 0o666);
  try {
    // open()'s mode passes through the umask; an existing file's bits are copied exactly.
    if (mode !== undefined) await handle.chmod(mode);
    await writeContent(handle, content, max);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function rewriteInPlace(file: string, content: FileContent, max: number): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await writeContent(handle, content, max);
    await handle.truncate(contentLength(content));
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeContent(handle: FileHandle, content: FileContent, max: number): Promise<void> {
  if (typeof content === 'string') return writeAll(handle, Buffer.from(content, 'utf8'), 0, max);
  if (content instanceof Uint8Array) return writeAll(handle, content, 0, max);
  for (const chunk of content.chunks) await writeAll(handle, chunk.bytes, chunk.offset, max);
  await handle.truncate(content.dataLength);
}

/** write() moves at most about 2 GiB at once; larger buffers go in pieces. */
export async function writeAll(handle: FileHandle, bytes: Uint8Array, position: number, max: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const length = Math.min(max, bytes.length - done);
    const { bytesWritten } = await handle.write(bytes, done, length, position + done);
    if (bytesWritten <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
    done += bytesWritten;
  }
}

function contentLength(content: FileContent): number {
  if (typeof content === 'string') return Buffer.byteLength(content, 'utf8');
  return content instanceof Uint8Array ? content.length : content.dataLength;
}

/** Renames the temporary file over the target, keeping the old content as a hard link until done. */
async function place(temp: string, target: Target): Promise<Placed> {
  let backup: string | undefined;
  if (target.existing !== undefined) {
    backup = siblingName(target.path, 'old');
    try {
      await link(target.path, backup);
      trackTemporary(backup);
    } catch {
      backup = undefined; // a file system without hard links: the old content cannot be restored
    }
  }
  try {
    await rename(temp, target.path);
  } catch (error) {
    if (backup !== undefined) await dropBackup(backup);
    throw error;
  }
  return backup !== undefined ? { path: target.path, backup } : { path: target.path };
}

async function undo(placed: readonly Placed[]): Promise<void> {
  for (const p of placed) {
    try {
      if (p.backup !== undefined) {
        await rename(p.backup, p.path);
        untrackTemporary(p.backup);
      } else {
        await unlink(p.path);
      }
    } catch {
      // best effort; the original error is what the user needs
    }
  }
}

async function dropBackup(backup: string): Promise<void> {
  await unlink(backup).catch(() => undefined);
  untrackTemporary(backup);
}

