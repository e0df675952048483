import { describe, expect, it } from 'vitest';
import { encodeCachePairs } from '../../contract/caches.js';
import { CONTRACT_KEYS } from '../../contract/keys.js';
import { encodeModel } from '../../compiler/emit/proto.js';
import { openSession } from '../../runtime/session.js';
import { loadOrt } from '../../ort/ort.js';
import { exportModel } from '../../serve/triton/export-model.js';
import { decodeOnnx, modelIO } from '../../serve/triton/onnx-model.js';
import { DEFAULT_SERVE_OPTIONS } from '../../serve/triton/options.js';
import { sortsAlike, tritonStateNames } from '../../serve/triton/state-names.js';

const ort = await loadOrt();

/** Triton's pairing (issue #8586): the i-th state output by sorted name feeds the i-th state input by sorted name. */
function tritonPairing(pairs: readonly { input: string; output: string }[]): [string, string][] {
  const inputs = pairs.map((p) => p.input).sort();
  const outputs = pairs.map((p) => p.output).sort();
  return inputs.map((input, i) => [input, outputs[i] as string]);
}

const CLASH = [
  { input: 'a.cache', output: 'a.cache_next' },
  { input: 'a.cache.x.cache', output: 'a.cache.x.cache_next' },
];

describe('state names for Triton', () => {
  it("vnet's names for the MobileNetV2 caches sort alike, and are kept", () => {
    const pairs = [3, 5, 6, 8, 9, 10, 12, 13, 15, 16].map((i) => ({ input: `features.${i}.shift.cache`, output: `features.${i}.shift.cache_next` }));
    expect(sortsAlike(pairs)).toBe(true);
    expect(tritonStateNames(pairs)).toEqual(pairs);
  });

  it('names that Triton would swap are detected and renamed so its pairing is the intended one', () => {
    expect(tritonPairing(CLASH)).toEqual([
      ['a.cache', 'a.cache.x.cache_next'],
      ['a.cache.x.cache', 'a.cache_next'],
    ]);
    expect(sortsAlike(CLASH)).toBe(false);
    const named = tritonStateNames(CLASH);
    expect(named).toEqual([
      { input: 'state.0.a.cache', output: 'state.0.a.cache_next' },
      { input: 'state.1.a.cache.x.cache', output: 'state.1.a.cache.x.cache_next' },
    ]);
    expect(tritonPairing(named)).toEqual(named.map((p) => [p.input, p.output]));
  });

  it('the exported model carries the renamed states, and onnxruntime runs it under the new names', async () => {
    const f32 = (name: string) => ({ name, type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'N' }, { dimValue: 2 }] } } } });
    const bytes = encodeModel({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      metadataProps: [{ key: CONTRACT_KEYS.onlineCaches, value: encodeCachePairs(CLASH) }],
      graph: {
        name: 'clash',
        input: [f32('clip'), f32('a.cache'), f32('a.cache.x.cache')],
        output: [f32('y'), f32('a.cache_next'), f32('a.cache.x.cache_next')],
        node: [
          { name: 'sum', opType: 'Add', input: ['clip', 'a.cache'], output: ['y'] },
          { name: 'next0', opType: 'Identity', input: ['clip'], output: ['a.cache_next'] },
          { name: 'next1', opType: 'Add', input: ['a.cache', 'a.cache.x.cache'], output: ['a.cache.x.cache_next'] },
        ],
      },
    });
    const exported = exportModel('clash.onnx', bytes, 'clash', DEFAULT_SERVE_OPTIONS);
    if (!exported.ok) throw new Error(JSON.stringify(exported.problem));
    expect(exported.value.renamedStates).toBe(true);
    expect(exported.value.config.sequence_batching?.state.map((s) => [s.input_name, s.output_name])).toEqual([
      ['state.0.a.cache', 'state.0.a.cache_next'],
      ['state.1.a.cache.x.cache', 'state.1.a.cache.x.cache_next'],
    ]);
    const file = exported.value.files.find((f) => f.path === '1/model.onnx');
    const written = file && 'bytes' in file ? file.bytes : new Uint8Array();
    const decoded = decodeOnnx(written);
    if (!decoded.ok) throw new Error(decoded.error);
    expect(modelIO(decoded.model).inputs.map((i) => i.name)).toEqual(['clip', 'state.0.a.cache', 'state.1.a.cache.x.cache']);
    const { session } = await openSession(written);
    const t = (v: number[]) => new ort.Tensor('float32', Float32Array.from(v), [1, 2]);
    const out = await session.run({ clip: t([1, 2]), 'state.0.a.cache': t([10, 20]), 'state.1.a.cache.x.cache': t([100, 200]) });
    expect(Array.from(out.y?.data as Float32Array)).toEqual([11, 22]);
    expect(Array.from(out['state.1.a.cache.x.cache_next']?.data as Float32Array)).toEqual([110, 220]);
    await session.release();
  });
});
