import { describe, expect, it } from 'vitest';
import { withBlockCheck } from '../../../compiler/emit/ort-cpu/block-check.js';
import { nchwcBlockSize } from '../../../ort/nchwc-block.js';
import { encodeModel, type IGraphProto } from '../../../compiler/emit/proto.js';
import { loadOrt } from '../../../ort/ort.js';
import { valueInfo } from '../../runtime/models.js';

const ort = await loadOrt();

/** output = Relu(x), then read once more by a node of its own (so both uses of the name must follow). */
const GRAPH: IGraphProto = {
  name: 'g',
  input: [valueInfo('x', [1, 3])],
  output: [valueInfo('output', [1, 3])],
  node: [
    { opType: 'Relu', input: ['x'], output: ['output'], name: 'relu' },
    { opType: 'Neg', input: ['output'], output: ['unused'], name: 'neg' },
  ],
};

async function runWith(block: number): Promise<Float32Array> {
  const bytes = encodeModel({
    irVersion: 8,
    opsetImport: [
      { domain: '', version: 17 },
      { domain: 'com.microsoft.nchwc', version: 1 },
    ],
    graph: withBlockCheck(GRAPH, block),
  });
  const session = await ort.InferenceSession.create(bytes);
  const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from([-1, 0.5, 2]), [1, 3]) });
  return out['output']?.data as Float32Array;
}

describe('withBlockCheck', async () => {
  const block = await nchwcBlockSize();

  it.skipIf(block === 0)('leaves the outputs as they were on a CPU with the same blocks', async () => {
    expect(Array.from(await runWith(block))).toEqual([0, 0.5, 2]);
  });

  it.skipIf(block === 0)('makes onnxruntime refuse the model on a CPU with other blocks, saying what to do', async () => {
    const other = block === 16 ? 8 : 16;
    await expect(runWith(other)).rejects.toThrow(
      `vnet: this model is laid out for onnxruntime CPUs with NCHWc blocks of ${other} channels; compile it again on this CPU, or with --cpu-layout plain`,
    );
  });
});
