/**
 * The one way vnet writes a file. Each file appears complete or not at all: it is written to a
 * temporary file in its target's folder (same file system, so the rename is atomic), then renamed
 * into place, the last file given (the model) last. Rules that keep vnet from destroying what is
 * not its own:
 *   - only regular files are written: a device, FIFO or socket at the path is refused, never replaced;
 *   - a symbolic link is written through (its target gets the new content, the link stays) only when
 *     its target lies in the link's own folder or one of `linksWithin` (the project); a link to
 *     elsewhere or to nothing is refused. With `replaceLinks` (outputs vnet owns: site and repository
 *     files) a link is replaced itself and never followed;
 *   - a file with several hard links is replaced like any other (rename): this name gets the new
 *     content, every other name of the file keeps the old one;
 *   - an existing file keeps its permission bits; a read-only file is refused;
 *   - a path that is the same file (device and inode) as one of `protect` (the command's inputs) is refused;
 *   - on any error, only what this call created is undone: new files are removed, and files it
 *     replaced get their old content back (kept as a hard link until the end);
 *   - temporary files are registered with ./cleanup.ts, so an interrupt removes them;
 *   - large contents are written in pieces of at most `maxWriteBytes` (one write() takes under 2 GiB).
 * An error names the output it concerns (failedOutput() in ./reason.ts).
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, open, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { trackTemporary, untrackTemporary } from './cleanup.js';
import { admitRegular, tooLarge } from './read-bounded.js';
import { FileRefusal, fileKind, isInside, withOutput } from './reason.js';

/** Chunks at offsets of a file too large for one buffer, and the file's length. */
export interface ChunkedContent {
  readonly chunks: readonly { readonly offset: number; readonly bytes: Uint8Array }[];
  readonly dataLength: number;
}

/** A copy of a regular file of at most `limit` bytes, opened without following a link. */
export interface CopiedContent {
  readonly copyOf: string;
  readonly limit: number;
}

export type FileContent = Uint8Array | string | ChunkedContent | CopiedContent;

export interface PlannedFile {
  readonly path: string;
  readonly content: FileContent;
}

export interface WriteOptions {
  /** Files this write must never replace: the command's inputs. */
  readonly protect?: readonly string[];
  /** Largest single write() (default 1 GiB); tests make it small. */
  readonly maxWriteBytes?: number;
  /** Folders (real paths) a symbolic link at an output may lead into, besides the link's own folder. */
  readonly linksWithin?: readonly string[];
  /** Replace a symbolic link at an output by the file instead of writing through it. */
  readonly replaceLinks?: boolean;
}

const DEFAULT_MAX_WRITE = 1024 ** 3;
const COPY_PIECE = 16 * 1024 ** 2;

interface Target {
  /** Where the content goes: the path, or the file its symbolic link points to. */
  readonly path: string;
  /** What is there now: its permission bits (kept), or a link being replaced (not kept). */
  readonly existing?: { readonly mode?: number; readonly link?: true };
}

interface Placed {
  readonly path: string;
  readonly backup?: string;
}

export async function writeFilesAtomic(files: readonly PlannedFile[], options: WriteOptions = {}): Promise<void> {
  const targets: Target[] = [];
  for (const f of files) targets.push(await withOutput(f.path, resolveTarget(f.path, options)));
  await refuseInputs(files, targets, options.protect ?? []);
  const max = options.maxWriteBytes ?? DEFAULT_MAX_WRITE;
  const temps: string[] = [];
  const placed: Placed[] = [];
  try {
    for (const [i, f] of files.entries()) {
      const target = targets[i] as Target;
      const temp = siblingName(target.path, 'tmp');
      trackTemporary(temp);
      temps.push(temp);
      await withOutput(f.path, writeTemp(temp, f.content, target.existing?.mode, max));
    }
    for (const [i, f] of files.entries()) placed.push(await withOutput(f.path, place(temps[i] as string, targets[i] as Target)));
  } catch (error) {
    await undo(placed);
    await Promise.all(temps.map((t) => unlink(t).catch(() => undefined)));
    throw error;
  } finally {
    for (const t of temps) untrackTemporary(t);
  }
  await Promise.all(placed.map((p) => (p.backup !== undefined ? dropBackup(p.backup) : undefined)));
}

export function writeFileAtomic(file: string, content: Uint8Array | string, options: WriteOptions = {}): Promise<void> {
  return writeFilesAtomic([{ path: file, content }], options);
}

async function resolveTarget(file: string, options: WriteOptions): Promise<Target> {
  let info;
  try {
    info = await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path: file };
    throw error;
  }
  let real = file;
  if (info.isSymbolicLink()) {
    if (options.replaceLinks) return { path: file, existing: { link: true } };
    real = await linkTarget(file, options.linksWithin ?? []);
    info = await stat(real);
  }
  if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  if (!info.isFile()) throw new FileRefusal('EVNET_NOTREG', `is ${fileKind(info)}; vnet writes only regular files`);
  if ((info.mode & 0o222) === 0) throw new FileRefusal('EVNET_READONLY', 'the file is read-only');
  return { path: real, existing: { mode: info.mode & 0o7777 } };
}

/** The real path a link leads to, when that is inside the link's folder or one of `within`. */
async function linkTarget(file: string, within: readonly string[]): Promise<string> {
  let real: string;
  try {
    real = await realpath(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new FileRefusal('EVNET_DANGLING', 'is a symbolic link to a file that does not exist');
  }
  const folder = await realpath(path.dirname(file));
  if (isInside(folder, real) || within.some((root) => isInside(root, real))) return real;
  throw new FileRefusal('EVNET_OUTSIDE', `it is a symbolic link to a file outside '${within[0] ?? folder}'`);
}

async function refuseInputs(files: readonly PlannedFile[], targets: readonly Target[], protect: readonly string[]): Promise<void> {
  if (protect.length === 0 || targets.every((t) => t.existing === undefined)) return;
  const ids = new Set<string>();
  for (const p of protect) {
    const id = await fileId(p);
    if (id !== undefined) ids.add(id);
  }
  for (const [i, t] of targets.entries()) {
    if (t.existing === undefined || t.existing.link) continue;
    if (ids.has((await fileId(t.path)) ?? '')) {
      throw Object.assign(new FileRefusal('EVNET_SAMEFILE', 'it is an input of this command'), { output: files[i]?.path });
    }
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

async function writeContent(handle: FileHandle, content: FileContent, max: number): Promise<void> {
  if (typeof content === 'string') return writeAll(handle, Buffer.from(content, 'utf8'), 0, max);
  if (content instanceof Uint8Array) return writeAll(handle, content, 0, max);
  if ('copyOf' in content) return copyInto(handle, content, max);
  for (const chunk of content.chunks) await writeAll(handle, chunk.bytes, chunk.offset, max);
  await handle.truncate(content.dataLength);
}

/** Copies a regular file (never through a link, a FIFO or a device) of at most `limit` bytes. */
async function copyInto(handle: FileHandle, content: CopiedContent, max: number): Promise<void> {
  const source = await open(content.copyOf, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ELOOP' ? new FileRefusal('EVNET_NOTREG', `'${content.copyOf}' is a symbolic link; vnet copies only regular files`) : error;
  });
  try {
    const size = admitRegular(await source.stat(), content.limit);
    const piece = Buffer.allocUnsafe(Math.min(COPY_PIECE, size + 1));
    for (let at = 0; ; ) {
      const { bytesRead } = await source.read(piece, 0, piece.length, at);
      if (bytesRead === 0) break;
      if (at + bytesRead > content.limit) throw tooLarge(at + bytesRead, content.limit);
      await writeAll(handle, piece.subarray(0, bytesRead), at, max);
      at += bytesRead;
    }
  } finally {
    await source.close();
  }
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

/** Renames the temporary file over the target, keeping the old entry as a hard link until done. */
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
