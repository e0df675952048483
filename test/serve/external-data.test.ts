import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { onnx } from '../../serve/triton/onnx-model.js';
import { externalDataFiles } from '../../serve/triton/external-data.js';

const dir = mkdtempSync(path.join(tmpdir(), 'vnet-extdata-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function modelWith(location: string): Uint8Array {
  const model = onnx.ModelProto.create({
    graph: { initializer: [{ name: 'w', dataType: 1, dims: [4], dataLocation: 1, externalData: [{ key: 'location', value: location }] }] },
  });
  return onnx.ModelProto.encode(model).finish();
}

describe('externalDataFiles', () => {
  it('lists the files beside the model that its initializers name, with their sizes', () => {
    writeFileSync(path.join(dir, 'm.onnx.data'), new Uint8Array(16));
    expect(externalDataFiles(modelWith('m.onnx.data'), path.join(dir, 'm.onnx'), [])).toEqual({
      ok: true,
      value: [{ location: 'm.onnx.data', path: path.join(dir, 'm.onnx.data'), size: 16 }],
    });
  });

  it.each([
    ['../secret', 'it is not a plain file name beside the model'],
    ['/etc/passwd', 'it is not a plain file name beside the model'],
    ['gone.data', 'it does not exist beside the model'],
  ])('refuses %s', (location, reason) => {
    expect(externalDataFiles(modelWith(location), path.join(dir, 'm.onnx'), [])).toEqual({ ok: false, problem: { kind: 'external-data', location, reason } });
  });
});
