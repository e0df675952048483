import * as path from 'node:path';

/**
 * Why a file could not be read or written, as a few words for a one-line message. The refusals
 * of this folder (not a regular file, too large, read-only, an input of the command) carry their
 * own reason; errno codes get the usual words; anything else its message's first line.
 */
export class FileRefusal extends Error {
  constructor(
    readonly code: 'EVNET_NOTREG' | 'EVNET_TOOBIG' | 'EVNET_READONLY' | 'EVNET_SAMEFILE' | 'EVNET_DANGLING' | 'EVNET_OUTSIDE' | 'EVNET_NOTOURS',
    readonly reason: string,
    /** For EVNET_TOOBIG: the file's size and the limit. */
    readonly size?: { readonly bytes: number; readonly limit: number },
  ) {
    super(reason);
    this.name = 'FileRefusal';
  }
}

const ERRNO_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  EISDIR: 'is a directory',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EFBIG: 'file too large for the file system',
  EIO: 'input/output error',
};

export function fileReason(error: unknown): string {
  if (error instanceof FileRefusal) return error.reason;
  const e = error as NodeJS.ErrnoException | undefined;
  const known = e?.code !== undefined ? ERRNO_REASONS[e.code] : undefined;
  if (known !== undefined) return known;
  const text = e instanceof Error ? e.message : String(error);
  return text.split('\n')[0] ?? text;
}

/** As fileReason, for a path being written: a missing folder is what ENOENT means there. */
export function writeReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' ? 'no such directory' : fileReason(error);
}

/** What kind of non-regular file `stats` describes, for messages: 'a FIFO', 'a character device', ... */
export function fileKind(stats: {
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
  isDirectory(): boolean;
}): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Whether `file` (a real path) is `root` or inside it. */
export function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Runs `work`; an error it throws is marked with the output it concerns (see failedOutput). */
export async function withOutput<T>(output: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof Error && (error as { output?: string }).output === undefined) Object.assign(error, { output });
    throw error;
  }
}

/** The output a write error concerns, when the writer said (one of several files written at once). */
export function failedOutput(error: unknown): string | undefined {
  const output = (error as { output?: unknown } | undefined)?.output;
  return typeof output === 'string' ? output : undefined;
}
