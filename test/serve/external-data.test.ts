import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { onnx } from '../../serve/triton/onnx-model.js';
import { externalDataFiles } from '../../serve/triton/external-data.js';

const dir = mkdtempSync(path.join(tmpdir(), 'vnet-extdata-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function modelWith(location: string) {
  return onnx.ModelProto.create({
    graph: { initializer: [{ name: 'w', dataType: 1, dims: [4], dataLocation: 1, externalData: [{ key: 'location', value: location }] }] },
  });
}

describe('externalDataFiles', () => {
  it('lists the files beside the model that its initializers name', () => {
    writeFileSync(path.join(dir, 'm.onnx.data'), new Uint8Array(16));
    expect(externalDataFiles(modelWith('m.onnx.data'), path.join(dir, 'm.onnx'))).toEqual({
      ok: true,
      value: [{ location: 'm.onnx.data', source: path.join(dir, 'm.onnx.data') }],
    });
  });

  it.each([
    ['../secret', "external data location '../secret' is not a file beside the model"],
    ['/etc/passwd', "external data location '/etc/passwd' is not a file beside the model"],
    ['gone.data', "its external data 'gone.data' is not beside it"],
  ])('refuses %s', (location, reason) => {
    expect(externalDataFiles(modelWith(location), path.join(dir, 'm.onnx'))).toEqual({ ok: false, problem: { kind: 'unservable', reason } });
  });
});
