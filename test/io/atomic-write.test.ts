import { execFileSync } from 'node:child_process';
import { chmodSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFilesAtomic } from '../../io/atomic-write.js';
import { pendingTemporaries } from '../../io/cleanup.js';
import { fileReason } from '../../io/reason.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vnet-atomic-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const isRoot = process.getuid?.() === 0;

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return fileReason(error);
  }
  throw new Error('the write was not refused');
}

describe('writeFilesAtomic: never destroys what is not its own', () => {
  it('refuses a FIFO and leaves it a FIFO', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect(await refusal(writeFileAtomic(fifo, 'x'))).toBe('is a FIFO; vnet writes only regular files');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['pipe']);
  });

  it.skipIf(!isRoot)('refuses a character device (mknod in a temp folder) and leaves it a device', async () => {
    const dir = tempDir();
    const dev = path.join(dir, 'null');
    execFileSync('mknod', [dev, 'c', '1', '3']);
    expect(await refusal(writeFileAtomic(dev, 'x'))).toBe('is a character device; vnet writes only regular files');
    expect(lstatSync(dev).isCharacterDevice()).toBe(true);
  });
  if (!isRoot) console.warn('test/io/atomic-write.test.ts: the device-node case is skipped: mknod needs root');

  it("writes through a symbolic link: the link stays, its target gets the content and keeps its mode", async () => {
    const dir = tempDir();
    const target = path.join(dir, 'real.onnx');
    writeFileSync(target, 'old');
    chmodSync(target, 0o640);
    symlinkSync('real.onnx', path.join(dir, 'link.onnx'));
    await writeFileAtomic(path.join(dir, 'link.onnx'), 'new');
    expect(lstatSync(path.join(dir, 'link.onnx')).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(statSync(target).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).sort()).toEqual(['link.onnx', 'real.onnx']);
  });

  it('refuses a dangling symbolic link without creating its target', async () => {
    const dir = tempDir();
    symlinkSync('nowhere', path.join(dir, 'link'));
    expect(await refusal(writeFileAtomic(path.join(dir, 'link'), 'x'))).toBe('is a symbolic link to a file that does not exist');
    expect(readdirSync(dir)).toEqual(['link']);
  });

  it('keeps hard links joined: every name sees the new content', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a'), 'old content');
    linkSync(path.join(dir, 'a'), path.join(dir, 'b'));
    await writeFileAtomic(path.join(dir, 'a'), 'new');
    expect(readFileSync(path.join(dir, 'b'), 'utf8')).toBe('new');
    expect(statSync(path.join(dir, 'a')).ino).toBe(statSync(path.join(dir, 'b')).ino);
  });

  it('refuses a read-only file (even as root) and leaves it unchanged', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'ro');
    writeFileSync(file, 'keep');
    chmodSync(file, 0o444);
    expect(await refusal(writeFileAtomic(file, 'x'))).toBe('the file is read-only');
    expect(readFileSync(file, 'utf8')).toBe('keep');
  });

  it('refuses to replace a protected input, by identity not spelling', async () => {
    const dir = tempDir();
    const src = path.join(dir, 'a.vnet');
    writeFileSync(src, 'source');
    symlinkSync('a.vnet', path.join(dir, 'alias.vnet'));
    expect(await refusal(writeFileAtomic(path.join(dir, '.', 'alias.vnet'), 'onnx', { protect: [src] }))).toBe('it is an input of this command');
    expect(await refusal(writeFileAtomic(src, 'onnx', { protect: [path.join(dir, 'alias.vnet')] }))).toBe('it is an input of this command');
    expect(readFileSync(src, 'utf8')).toBe('source');
  });

  it('on failure restores a file it replaced and removes only what it created', async () => {
    const dir = tempDir();
    const data = path.join(dir, 'm.onnx.data');
    writeFileSync(data, 'unrelated data');
    mkdirSync(path.join(dir, 'm.onnx')); // the model's rename fails
    writeFileSync(path.join(dir, 'm.onnx', 'keep'), '');
    await expect(
      writeFilesAtomic([
        { path: data, content: new Uint8Array([1, 2, 3]) },
        { path: path.join(dir, 'm.onnx'), content: new Uint8Array([4]) },
      ]),
    ).rejects.toThrow();
    expect(readFileSync(data, 'utf8')).toBe('unrelated data');
    expect(readdirSync(dir).sort()).toEqual(['m.onnx', 'm.onnx.data']);
    expect(pendingTemporaries()).toEqual([]);
  });

  it('writes a chunk larger than one write() in pieces (the >2 GiB tensor case, with a small piece size)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'big.data');
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 251);
    const tail = Uint8Array.from({ length: 10 }, (_, i) => 200 + i);
    await writeFilesAtomic([{ path: file, content: { chunks: [{ offset: 0, bytes }, { offset: 1024, bytes: tail }], dataLength: 1034 } }], { maxWriteBytes: 64 });
    const back = readFileSync(file);
    expect([...back.subarray(0, 1000)]).toEqual([...bytes]);
    expect([...back.subarray(1000, 1024)]).toEqual(new Array(24).fill(0));
    expect([...back.subarray(1024)]).toEqual([...tail]);
  });

  it('gives a new file the default mode and leaves no temporary file or registration', async () => {
    const dir = tempDir();
    await writeFileAtomic(path.join(dir, 'n'), 'x');
    expect(readdirSync(dir)).toEqual(['n']);
    expect(pendingTemporaries()).toEqual([]);
  });
});
