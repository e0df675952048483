import { readFile } from 'node:fs/promises';
import { firstLine } from '../ort/first-line.js';
import { RuntimeError } from './errors.js';

/** A file's bytes; a missing or unreadable file is a one-line I/O RuntimeError naming `shown`. */
export async function readBinary(path: string, shown = path): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new RuntimeError('io', `cannot read '${shown}': ${ioReason(error)}`);
  }
}

export function ioReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return firstLine(error);
}
