import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import type { SplitModel } from './external-data.js';

/** Something to write: whole bytes, or chunks at offsets (a data file too large for one buffer). */
export type FileContent = Uint8Array | Pick<SplitModel, 'chunks' | 'dataLength'>;

export interface PlannedFile {
  readonly path: string;
  readonly content: FileContent;
}

/**
 * Writes files so that each appears complete or not at all: every file goes to a temporary file
 * in its own directory (same file system, so rename is atomic), then all are renamed into place,
 * the last one given (the model) last. On any error nothing new is left behind: temporary files
 * are removed, and so are files already renamed in this call.
 */
export async function writeFilesAtomic(files: readonly PlannedFile[]): Promise<void> {
  const temps: string[] = [];
  const placed: string[] = [];
  try {
    for (const f of files) {
      const temp = tempName(f.path);
      temps.push(temp);
      await writeContent(temp, f.content);
    }
    for (const [i, f] of files.entries()) {
      await rename(temps[i] as string, f.path);
      placed.push(f.path);
    }
  } catch (error) {
    await Promise.all([...temps, ...placed].map((p) => unlink(p).catch(() => undefined)));
    throw error;
  }
}

export function writeFileAtomic(file: string, data: Uint8Array): Promise<void> {
  return writeFilesAtomic([{ path: file, content: data }]);
}

function tempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

async function writeContent(file: string, content: FileContent): Promise<void> {
  const handle = await open(file, 'wx');
  try {
    if (content instanceof Uint8Array) {
      await handle.writeFile(content);
    } else {
      for (const chunk of content.chunks) await handle.write(chunk.bytes, 0, chunk.bytes.length, chunk.offset);
      await handle.truncate(content.dataLength);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}
