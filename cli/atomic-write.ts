import { randomBytes } from 'node:crypto';
import { rename, stat, unlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

/**
 * Replaces `file` with `data` so that readers see either the old or the new content, never a
 * half-written file: write a temporary file in the same directory (same file system, so the
 * rename is atomic), give it the old file's permissions, then rename it over the original.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const mode = await existingMode(file);
  try {
    await writeFile(temp, data, { flag: 'wx', ...(mode !== undefined ? { mode } : {}) });
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

async function existingMode(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).mode & 0o7777;
  } catch {
    return undefined;
  }
}
