/**
 * int8 convolution weights with zero point -1 (ort/int8-weight-zero-point.ts): the same integer sums as the
 * symmetric ones, so the same outputs to the bit; only dense convolutions take it; the probe's choice.
 */
import { describe, expect, it } from 'vitest';
import { exactProbeOutput, GEMM_CHECK_NODE, withInt8GemmCheck } from '../../compiler/emit/ort-cpu/int8-gemm-check.js';
import { decodeModel, encodeModel, type IModelProto } from '../../compiler/emit/proto.js';
import { emitValueInfo } from '../../compiler/emit/value-info.js';
import { chooseZeroPoint, FASTER_BY } from '../../ort/int8-weight-zero-point.js';
import { loadOrt } from '../../ort/ort.js';
import { compileMotionInt8, motionClips } from './helpers.js';

const ort = await loadOrt();

async function logits(bytes: Uint8Array, clips: readonly Float32Array[]): Promise<Float32Array[]> {
  const session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'all', intraOpNumThreads: 1 });
  const out: Float32Array[] = [];
  for (const clip of clips) out.push((await session.run({ clip: new ort.Tensor('float32', clip, [1, 8, 3, 32, 32]) }))['output']?.data as Float32Array);
  await session.release();
  return out;
}

/** The zero point of each int8 weight a DequantizeLinear reads, by the initializer's name. */
function weightZeroPoints(model: IModelProto): Map<string, number[]> {
  const init = new Map((model.graph?.initializer ?? []).map((t) => [t.name ?? '', t]));
  const out = new Map<string, number[]>();
  for (const n of model.graph?.node ?? []) {
    if (n.opType !== 'DequantizeLinear') continue;
    const [w, , z] = n.input ?? [];
    const weight = init.get(w ?? '');
    const zero = init.get(z ?? '');
    if (weight?.dataType !== 3 || !zero?.rawData) continue; // int8 initializers only
    out.set(w as string, Array.from(new Int8Array(zero.rawData.buffer, zero.rawData.byteOffset, zero.rawData.byteLength)));
  }
  return out;
}

describe('int8 weights with zero point -1', () => {
  it('give the same logits to the bit as symmetric weights, on onnxruntime CPU', async () => {
    const [symmetric, shifted] = await Promise.all([
      compileMotionInt8('tsm_motion', { target: 'ort-cpu', weightZeroPoint: 0 }),
      compileMotionInt8('tsm_motion', { target: 'ort-cpu', weightZeroPoint: -1 }),
    ]);
    expect([symmetric.diagnostics, shifted.diagnostics]).toEqual([[], []]);
    const clips = motionClips(2, 6).clips.map((c) => c.data);
    const [a, b] = [await logits(symmetric.bytes as Uint8Array, clips), await logits(shifted.bytes as Uint8Array, clips)];
    expect(b.map((x) => Array.from(x))).toEqual(a.map((x) => Array.from(x)));
    expect(Buffer.compare(Buffer.from(symmetric.bytes as Uint8Array), Buffer.from(shifted.bytes as Uint8Array))).not.toBe(0);
  });

  it('go to dense convolutions only, with a note; the shift taps and the classifier stay symmetric', async () => {
    const result = await compileMotionInt8('tsm_motion', { target: 'ort-cpu', weightZeroPoint: -1 });
    const zeros = weightZeroPoints(decodeModel(result.bytes as Uint8Array));
    const convs = result.graph?.nodes.filter((n) => n.op === 'conv').length ?? 0;
    const shifted = [...zeros].filter(([, z]) => z.every((v) => v === -1));
    const symmetric = [...zeros].filter(([, z]) => z.every((v) => v === 0)).map(([name]) => name);
    expect(shifted).toHaveLength(convs);
    expect(shifted.length + symmetric.length).toBe(zeros.size);
    expect(symmetric.some((name) => name.includes('taps'))).toBe(true);
    expect(symmetric.some((name) => name.startsWith('fc'))).toBe(true);
    const note = result.notes.find((n) => n.pass === 'int8' && n.site === 'conv1');
    expect(note?.reason).toContain('weight zero point -1');
  });

  it('carry a check that onnxruntime refuses, naming what to do, where its GEMM sums are not exact', async () => {
    const identity = (expected: number): Uint8Array =>
      encodeModel({
        irVersion: 8,
        opsetImport: [{ domain: '', version: 17 }],
        graph: withInt8GemmCheck(
          {
            name: 'g',
            input: [emitValueInfo('x', 'f32', [2])],
            output: [emitValueInfo('y', 'f32', [2])],
            node: [{ opType: 'Identity', input: ['x'], output: ['y'], name: 'id' }],
          },
          expected,
        ),
      });
    const run = async (bytes: Uint8Array) => {
      const session = await ort.InferenceSession.create(bytes);
      const y = (await session.run({ x: new ort.Tensor('float32', Float32Array.of(1.5, -2), [2]) }))['y']?.data as Float32Array;
      await session.release();
      return Array.from(y);
    };
    // Exact here (the sums this CPU gives): the output unchanged.
    expect(await run(identity(exactProbeOutput()))).toEqual([1.5, -2]);
    // Another CPU's sums, as this check sees them: refused, with the node's message.
    await expect(run(identity(exactProbeOutput() + 5))).rejects.toThrow(GEMM_CHECK_NODE.slice(0, 60));
  });

  it('the probe takes -1 only when it is clearly faster and gives the same bytes', () => {
    expect(chooseZeroPoint({ symmetricMs: 3.3, asymmetricMs: 1.9, same: true })).toBe(-1);
    expect(chooseZeroPoint({ symmetricMs: FASTER_BY * 2 - 0.01, asymmetricMs: 2, same: true })).toBe(0);
    expect(chooseZeroPoint({ symmetricMs: 4, asymmetricMs: 1, same: false })).toBe(0);
    expect(chooseZeroPoint({ symmetricMs: 1, asymmetricMs: 0, same: true })).toBe(0);
  });
});
