import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { runFmt } from '../../cli/commands/fmt.js';
import { captureContext, tempTree } from './helpers.js';

const CANONICAL = 'const T = 8\n';
const MESSY = 'const   T=8\n';
const BAD = 'const T = = 8\n';

async function fmt(root: string, paths: string[], check = false) {
  const { ctx, out } = captureContext(root);
  const code = await runFmt({ paths, check }, ctx);
  return { code, out: out() };
}

const read = (root: string, file: string) => readFile(path.join(root, file), 'utf8');

describe('vnetc fmt', () => {
  test('--check writes nothing, lists the files that would change, exit 1', async () => {
    const root = await tempTree({ 'a.vnet': CANONICAL, 'b.vnet': MESSY });
    expect(await fmt(root, ['.'], true)).toEqual({
      code: 1,
      out: 'would reformat b.vnet\n1 of 2 files would be reformatted\n',
    });
    expect(await read(root, 'b.vnet')).toBe(MESSY);
  });

  test('--check on formatted files: exit 0', async () => {
    const root = await tempTree({ 'a.vnet': CANONICAL });
    expect(await fmt(root, ['a.vnet'], true)).toEqual({ code: 0, out: '1 file already formatted\n' });
  });

  test('rewrites changed files in place and leaves unchanged files untouched', async () => {
    const root = await tempTree({ 'a.vnet': CANONICAL, 'b.vnet': MESSY });
    const before = await stat(path.join(root, 'a.vnet'));
    await new Promise((r) => setTimeout(r, 20));
    expect(await fmt(root, ['.'])).toEqual({ code: 0, out: 'reformatted b.vnet\nreformatted 1 of 2 files\n' });
    expect(await read(root, 'b.vnet')).toBe(CANONICAL);
    expect((await stat(path.join(root, 'a.vnet'))).mtimeMs).toBe(before.mtimeMs);
    expect(await readdir(root)).toEqual(['a.vnet', 'b.vnet']);
    expect(await fmt(root, ['.'])).toEqual({ code: 0, out: '2 files already formatted\n' });
  });

  test('a file with syntax errors is reported and never written; exit 1', async () => {
    const root = await tempTree({ 'bad.vnet': BAD, 'b.vnet': MESSY });
    const { code, out } = await fmt(root, ['.']);
    expect(code).toBe(1);
    expect(out).toMatch(/^bad\.vnet:1:\d+: error VN1\d\d: /);
    expect(out.endsWith('reformatted b.vnet\nreformatted 1 of 2 files; 1 file could not be formatted\n')).toBe(true);
    expect(await read(root, 'bad.vnet')).toBe(BAD);
  });

  test('a missing file: VN001, exit 2', async () => {
    const root = await tempTree({});
    const { code, out } = await fmt(root, ['nope.vnet']);
    expect(code).toBe(2);
    expect(out).toContain("error VN001: cannot read 'nope.vnet': no such file or directory");
  });
});

describe('atomic write', () => {
  test('replaces the file, keeps its permissions, leaves no temporary file', async () => {
    const root = await tempTree({ 'a.vnet': 'old\n' });
    const file = path.join(root, 'a.vnet');
    await writeFile(file, 'old\n', { mode: 0o640 });
    const { chmod } = await import('node:fs/promises');
    await chmod(file, 0o640);
    await writeFileAtomic(file, 'new\n');
    expect(await readFile(file, 'utf8')).toBe('new\n');
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect(await readdir(root)).toEqual(['a.vnet']);
  });

  test('a failed write throws and leaves nothing behind', async () => {
    const root = await tempTree({});
    await expect(writeFileAtomic(path.join(root, 'no-dir', 'a.vnet'), 'x')).rejects.toThrow(/ENOENT/);
    expect(await readdir(root)).toEqual([]);
  });
});
