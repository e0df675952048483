import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readContract } from '../../contract/model-contract.js';
import { readModelMetadata } from '../../contract/read-metadata.js';
import { runVnetc, tempTree } from './helpers.js';

const NET = 'network tiny(x: f32[N, 4]) -> f32[N, 27] {\n  return x |> linear(27) as fc\n}\n';

describe('vnetc compile --labels', () => {
  it('stores a built-in list (jester, 27 names in the TSM online demo order) in the model', async () => {
    const dir = await tempTree({ 'tiny.vnet': NET });
    const run = await runVnetc(['compile', 'tiny.vnet', '--labels', 'jester'], dir);
    expect(run.code, run.err).toBe(0);
    const contract = readContract(readModelMetadata(readFileSync(path.join(dir, 'tiny.onnx'))));
    const labels = contract.ok ? contract.value.labels : undefined;
    expect([labels?.length, labels?.[0], labels?.[26]]).toEqual([27, 'Doing other things', 'Zooming Out With Two Fingers']);
  });

  it('a file of the wrong length is VN707 (exit 1), a missing one VN706 (exit 2)', async () => {
    const dir = await tempTree({ 'tiny.vnet': NET });
    writeFileSync(path.join(dir, 'two.txt'), 'a\nb\n');
    const wrong = await runVnetc(['compile', 'tiny.vnet', '--labels', 'two.txt'], dir);
    expect([wrong.code, wrong.err]).toEqual([1, 'error VN707: 2 labels given but the model has 27 classes\n']);
    const missing = await runVnetc(['compile', 'tiny.vnet', '--labels', 'nope.txt'], dir);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("VN706: cannot use labels 'nope.txt': no such file or directory");
  });
});
