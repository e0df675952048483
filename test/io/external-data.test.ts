import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkExternalData } from '../../io/external-data.js';

const dir = mkdtempSync(path.join(tmpdir(), 'vnet-data-rule-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const model = path.join(dir, 'm.onnx');
writeFileSync(model, 'model');
writeFileSync(path.join(dir, 'm.onnx.data'), new Uint8Array(80));
writeFileSync(path.join(dir, 'labels.txt'), new Uint8Array(16));
writeFileSync(path.join(dir, '.hidden'), new Uint8Array(16));
writeFileSync(path.join(dir, 'id_rsa'), 'x'.repeat(400));
mkdirSync(path.join(dir, 'sub'));
symlinkSync('m.onnx.data', path.join(dir, 'link.data'));
linkSync(model, path.join(dir, 'hard.onnx'));
execFileSync('mkfifo', [path.join(dir, 'pipe')]);

function refusal(location: string, end: number, inputs: string[] = []): string {
  try {
    checkExternalData(model, [{ location, end }], inputs);
  } catch (error) {
    return (error as Error).message;
  }
  return 'allowed';
}

describe('checkExternalData: a model uses only its own data files', () => {
  it('allows a plain file beside the model whose size is where its last tensor ends', () => {
    expect(
      checkExternalData(model, [
        { location: 'm.onnx.data', end: 16 },
        { location: 'm.onnx.data', end: 80 },
      ]),
    ).toEqual([{ location: 'm.onnx.data', path: path.join(dir, 'm.onnx.data'), size: 80 }]);
  });

  it.each([
    ['../m.onnx.data', 80, 'it is not a plain file name beside the model'],
    ['/etc/passwd', 80, 'it is not a plain file name beside the model'],
    ['sub/x', 80, 'it is not a plain file name beside the model'],
    ['a\\b', 80, 'it is not a plain file name beside the model'],
    ['..', 80, 'it is not a plain file name beside the model'],
    ['m\n.data', 80, 'it is not a plain file name beside the model'],
    ['.hidden', 16, 'it is a hidden file'],
    ['gone.data', 16, 'it does not exist beside the model'],
    ['link.data', 80, 'it is a symbolic link'],
    ['sub', 80, 'it is a directory'],
    ['pipe', 80, 'it is a FIFO'],
    ['m.onnx', 5, 'it is the model itself'],
    ['hard.onnx', 5, 'it is the model itself'],
    ['id_rsa', 16, "it is 400 bytes, but the model's tensors in it end at byte 16"],
    ['m.onnx.data', 96, "it is 80 bytes, but the model's tensors in it end at byte 96"],
  ])('refuses %j', (location, end, reason) => {
    expect(refusal(location, end)).toBe(`external data '${location}' is refused: ${reason}`);
  });

  it('refuses another input of the command, by identity', () => {
    expect(refusal('labels.txt', 16, [path.join(dir, 'labels.txt')])).toBe("external data 'labels.txt' is refused: it is another input of this command");
    expect(refusal('labels.txt', 16)).toBe('allowed');
  });
});
