import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';

// The model's rename fails after the data file is already in place: the only way to reach the
// rollback of a replaced file without racing the file system.
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    rename: async (from: string, to: string) => {
      if (to.endsWith(`${path.sep}m.onnx`)) throw Object.assign(new Error('injected'), { code: 'EIO' });
      return real.rename(from, to);
    },
  };
});

const { writeFilesAtomic } = await import('../../io/atomic-write.js');
const { pendingTemporaries } = await import('../../io/cleanup.js');

const dir = mkdtempSync(path.join(tmpdir(), 'vnet-rollback-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('a failed write puts back the data file it replaced and removes the data file it created', async () => {
  writeFileSync(path.join(dir, 'm.onnx.data'), 'unrelated data');
  writeFileSync(path.join(dir, 'm.onnx'), 'old model');
  await expect(
    writeFilesAtomic([
      { path: path.join(dir, 'm.onnx.data'), content: 'new data' },
      { path: path.join(dir, 'm.onnx'), content: 'new model' },
    ]),
  ).rejects.toThrow('injected');
  expect(readFileSync(path.join(dir, 'm.onnx.data'), 'utf8')).toBe('unrelated data');
  expect(readFileSync(path.join(dir, 'm.onnx'), 'utf8')).toBe('old model');
  expect(readdirSync(dir).sort()).toEqual(['m.onnx', 'm.onnx.data']);

  rmSync(path.join(dir, 'm.onnx.data'));
  await expect(
    writeFilesAtomic([
      { path: path.join(dir, 'm.onnx.data'), content: 'new data' },
      { path: path.join(dir, 'm.onnx'), content: 'new model' },
    ]),
  ).rejects.toThrow('injected');
  expect(readdirSync(dir)).toEqual(['m.onnx']);
  expect(pendingTemporaries()).toEqual([]);
});
