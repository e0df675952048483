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

  it('writes through a symbolic link: the link stays, its target gets the content and keeps its mode', async () => {
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

  it('replaces a hard-linked file atomically: this name gets the new content, the other keeps the old', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a'), 'old content');
    linkSync(path.join(dir, 'a'), path.join(dir, 'b'));
    await writeFileAtomic(path.join(dir, 'a'), 'new');
    expect(readFileSync(path.join(dir, 'a'), 'utf8')).toBe('new');
    expect(readFileSync(path.join(dir, 'b'), 'utf8')).toBe('old content');
    expect(statSync(path.join(dir, 'b')).nlink).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['a', 'b']);
  });

  it('refuses a symbolic link to a file outside its folder and the given folders; writes through one inside them', async () => {
    const dir = tempDir();
    const other = tempDir();
    mkdirSync(path.join(dir, 'out'));
    writeFileSync(path.join(other, 'secret'), 'keep');
    writeFileSync(path.join(dir, 'model.onnx'), 'old');
    symlinkSync(path.join(other, 'secret'), path.join(dir, 'out', 'far'));
    symlinkSync('../model.onnx', path.join(dir, 'out', 'near'));
    expect(await refusal(writeFileAtomic(path.join(dir, 'out', 'far'), 'x'))).toBe(`it is a symbolic link to a file outside '${path.join(dir, 'out')}'`);
    expect(await refusal(writeFileAtomic(path.join(dir, 'out', 'far'), 'x', { linksWithin: [dir] }))).toBe(`it is a symbolic link to a file outside '${dir}'`);
    expect(await refusal(writeFileAtomic(path.join(dir, 'out', 'near'), 'x'))).toMatch(/^it is a symbolic link to a file outside/);
    await writeFileAtomic(path.join(dir, 'out', 'near'), 'new', { linksWithin: [dir] });
    expect(readFileSync(path.join(dir, 'model.onnx'), 'utf8')).toBe('new');
    expect(readFileSync(path.join(other, 'secret'), 'utf8')).toBe('keep');
  });

  it('with replaceLinks, a link is replaced by the file and its target is untouched', async () => {
    const dir = tempDir();
    const other = tempDir();
    writeFileSync(path.join(other, 'secret'), 'keep');
    symlinkSync(path.join(other, 'secret'), path.join(dir, 'index.html'));
    await writeFileAtomic(path.join(dir, 'index.html'), 'page', { replaceLinks: true });
    expect(lstatSync(path.join(dir, 'index.html')).isFile()).toBe(true);
    expect(readFileSync(path.join(dir, 'index.html'), 'utf8')).toBe('page');
    expect(readFileSync(path.join(other, 'secret'), 'utf8')).toBe('keep');
  });

  it('copies a regular file (copyOf), and refuses a link, a FIFO or a file over the limit as the source', async () => {
    const dir = tempDir();
    const bytes = Uint8Array.from({ length: 100 }, (_, i) => i);
    writeFileSync(path.join(dir, 'src'), bytes);
    symlinkSync('src', path.join(dir, 'link'));
    execFileSync('mkfifo', [path.join(dir, 'fifo')]);
    await writeFilesAtomic([{ path: path.join(dir, 'copy'), content: { copyOf: path.join(dir, 'src'), limit: 100 } }], { maxWriteBytes: 7 });
    expect(new Uint8Array(readFileSync(path.join(dir, 'copy')))).toEqual(bytes);
    const copy = (from: string, limit = 100) => writeFilesAtomic([{ path: path.join(dir, 'out'), content: { copyOf: path.join(dir, from), limit } }]);
    expect(await refusal(copy('link'))).toBe(`'${path.join(dir, 'link')}' is a symbolic link; vnet copies only regular files`);
    expect(await refusal(copy('fifo'))).toBe('is a FIFO, not a regular file');
    expect(await refusal(copy('src', 99))).toBe('is 100 bytes, over the limit of 99 bytes');
    expect(readdirSync(dir).sort()).toEqual(['copy', 'fifo', 'link', 'src']);
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
    await writeFilesAtomic(
      [
        {
          path: file,
          content: {
            chunks: [
              { offset: 0, bytes },
              { offset: 1024, bytes: tail },
            ],
            dataLength: 1034,
          },
        },
      ],
      { maxWriteBytes: 64 },
    );
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
