/**
 * `--target web`: lowered as portable, its contract says `web`, and the emitted model is checked for
 * onnxruntime-web: operators outside ai.onnx (VN720) and implicit Conv/pool padding (VN721) are refused.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compileFile } from '../../../compiler/compile.js';
import { checkWebModel } from '../../../compiler/emit/web/check-web-model.js';
import { decodeModel } from '../../../compiler/emit/proto.js';
import { readContract } from '../../../contract/model-contract.js';
import { readModelMetadata } from '../../../contract/read-metadata.js';
import { TWO_BLOCKS, removeTempFiles, writeVnet } from '../../online/helpers.js';

afterAll(removeTempFiles);

describe('--target web', () => {
  it('compiles an online network to standard operators with explicit pads, its contract saying web', async () => {
    const result = await compileFile(writeVnet(TWO_BLOCKS), { online: true, target: 'web' });
    expect(result.diagnostics).toEqual([]);
    const bytes = result.bytes as Uint8Array;
    const contract = readContract(readModelMetadata(bytes));
    expect(contract.ok && contract.value.target).toBe('web');
    const nodes = decodeModel(bytes).graph?.node ?? [];
    expect(new Set(nodes.map((n) => n.domain ?? ''))).toEqual(new Set(['']));
    const convs = nodes.filter((n) => n.opType === 'Conv');
    expect(convs.length).toBeGreaterThan(0);
    for (const conv of convs) {
      const names = (conv.attribute ?? []).map((a) => a.name);
      expect(names).toContain('pads');
      expect(names).not.toContain('auto_pad');
    }
  });

  it('refuses contrib operators and implicit padding, naming the node', () => {
    const text = (s: string) => new TextEncoder().encode(s);
    const diagnostics = checkWebModel({
      graph: {
        node: [
          { opType: 'Conv', name: 'stem', attribute: [{ name: 'auto_pad', s: text('SAME_UPPER') }] },
          {
            opType: 'Conv',
            name: 'ok',
            attribute: [
              { name: 'auto_pad', s: text('NOTSET') },
              { name: 'pads', ints: [1, 1, 1, 1] },
            ],
          },
          { opType: 'ReorderInput', domain: 'com.microsoft.nchwc', name: 'r0' },
          { opType: 'MaxPool', name: 'pool', attribute: [{ name: 'auto_pad', s: text('VALID') }] },
        ],
      },
    });
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      "VN721 Conv 'stem' pads with auto_pad=SAME_UPPER; onnxruntime-web's WebGPU backend has given wrong results for it",
      "VN720 node 'r0' is com.microsoft.nchwc.ReorderInput, which onnxruntime-web's wasm backend does not run",
      "VN721 MaxPool 'pool' pads with auto_pad=VALID; onnxruntime-web's WebGPU backend has given wrong results for it",
    ]);
  });
});
