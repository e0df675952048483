import { randomBytes } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { RuntimeError, firstLine } from './errors.js';

/** A file's bytes; a missing or unreadable file is a one-line I/O RuntimeError. */
export async function readBinary(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new RuntimeError('io', `cannot read '${path}': ${ioReason(error)}`);
  }
}

/** Writes beside the target and renames, so a reader never sees half a file. */
export async function writeBinaryAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, bytes);
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw new RuntimeError('io', `cannot write '${path}': ${ioReason(error)}`);
  }
}

export function ioReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return firstLine(error);
}
