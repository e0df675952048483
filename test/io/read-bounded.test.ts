import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBounded, readBoundedSync } from '../../io/read-bounded.js';
import { fileReason } from '../../io/reason.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vnet-read-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const isRoot = process.getuid?.() === 0;

function reasonSync(file: string, limit: number): string {
  try {
    readBoundedSync(file, limit);
  } catch (error) {
    return fileReason(error);
  }
  return 'read';
}

describe('readBounded', () => {
  it('reads a regular file at the limit, refuses one byte more', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a'), 'abcd');
    expect(Buffer.from(await readBounded(path.join(dir, 'a'), 4)).toString()).toBe('abcd');
    expect(Buffer.from(readBoundedSync(path.join(dir, 'a'), 4)).toString()).toBe('abcd');
    expect(reasonSync(path.join(dir, 'a'), 3)).toBe('is 4 bytes, over the limit of 3 bytes');
  });

  it('refuses a FIFO at once instead of blocking on it', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const start = Date.now();
    expect(reasonSync(fifo, 100)).toBe('is a FIFO, not a regular file');
    await expect(readBounded(fifo, 100)).rejects.toThrow('is a FIFO, not a regular file');
    expect(Date.now() - start).toBeLessThan(2000);
  });

  it.skipIf(!isRoot)('refuses a character device such as a zero device (mknod in a temp folder) before reading', () => {
    const dir = tempDir();
    const zero = path.join(dir, 'zero');
    execFileSync('mknod', [zero, 'c', '1', '5']);
    expect(reasonSync(zero, 1 << 30)).toBe('is a character device, not a regular file');
  });

  it('names a directory and a missing file', () => {
    const dir = tempDir();
    expect(reasonSync(dir, 10)).toBe('is a directory');
    expect(reasonSync(path.join(dir, 'nope'), 10)).toBe('no such file or directory');
  });
});
