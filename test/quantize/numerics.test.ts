/**
 * The int8 model's numbers: against the fp32 model it came from (small sizes, held-out clips), against
 * itself run unfused (onnxruntime's QDQ operators one by one, the reference semantics of the QDQ graph),
 * the uint8 shift exact, and calibration deterministic.
 */
import { describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.js';
import { emitModel } from '../../compiler/emit/emit.js';
import { encodeModel } from '../../compiler/emit/proto.js';
import { tableSource } from '../../compiler/optimize.js';
import { withProbes } from '../../compiler/quantize/probes.js';
import { loadOrt } from '../../ort/ort.js';
import { compileMotionInt8, MOTION_VNET, motionClips } from './helpers.js';

const ort = await loadOrt();

async function run(bytes: Uint8Array, clip: Float32Array, level: 'all' | 'disabled' = 'all'): Promise<Record<string, Float32Array>> {
  const session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: level, intraOpNumThreads: 1 });
  const out = await session.run({ clip: new ort.Tensor('float32', clip, [1, 8, 3, 32, 32]) });
  await session.release();
  return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t.data as Float32Array]));
}

function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  a.forEach((x, i) => {
    const y = b[i] as number;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  });
  return ab / Math.sqrt(aa * bb);
}

/** The official bi-directional shift of [T, C, P] frames (1/8 each way), zeros outside the clip. */
function officialShift(x: Float32Array, T: number, C: number, P: number, fold: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let t = 0; t < T; t++) {
    for (let c = 0; c < C; c++) {
      const from = c < fold ? t + 1 : c < 2 * fold ? t - 1 : t;
      if (from < 0 || from >= T) continue;
      out.set(x.subarray((from * C + c) * P, (from * C + c + 1) * P), (t * C + c) * P);
    }
  }
  return out;
}

describe('int8 numbers', () => {
  it('agree with the fp32 model on held-out clips', async () => {
    const [int8, fp32] = await Promise.all([compileMotionInt8('tsm_motion'), compileFile(MOTION_VNET, { network: 'tsm_motion' })]);
    const held = motionClips(2, 4);
    for (const clip of held.clips) {
      const [a, b] = [await run(fp32.bytes as Uint8Array, clip.data), await run(int8.bytes as Uint8Array, clip.data)];
      expect(cosine(a['output'] as Float32Array, b['output'] as Float32Array)).toBeGreaterThan(0.999);
    }
  });

  it("onnxruntime's fused uint8 kernels compute what the QDQ graph says (unfused run), within a few quantization steps", async () => {
    const int8 = await compileMotionInt8('tsm_motion');
    const clip = motionClips(2, 1).clips[0]?.data as Float32Array;
    const fused = (await run(int8.bytes as Uint8Array, clip, 'all'))['output'] as Float32Array;
    const plain = (await run(int8.bytes as Uint8Array, clip, 'disabled'))['output'] as Float32Array;
    expect(cosine(fused, plain)).toBeGreaterThan(0.9999);
    const range = Math.max(...plain) - Math.min(...plain);
    expect(Math.max(...fused.map((v, i) => Math.abs(v - (plain[i] as number))))).toBeLessThan(0.02 * range);
  });

  it('the uint8 shift moves exactly the official channels and frames, with the zero point at the clip edges', async () => {
    const int8 = await compileMotionInt8('tsm_motion');
    const module = int8.int8?.module;
    const shift = module?.graph.nodes.find((n) => n.op === 'shift' && n.name.startsWith('layer2'));
    if (!module || !shift || shift.op !== 'shift') throw new Error('no shift');
    const [input, output] = [shift.inputs[0] as string, shift.outputs[0] as string];
    expect(module.graph.values[input]?.quant).toBeDefined();
    const emitted = emitModel(withProbes(module.graph, [input, output]), { target: 'portable', weights: tableSource(module.weights) });
    const probes = await run(encodeModel(emitted.model!), motionClips(2, 1).clips[0]?.data as Float32Array);
    const x = probes[`probe:${input}`] as Float32Array;
    const [, C, H, W] = module.graph.values[input]!.shape as number[];
    expect(Array.from(probes[`probe:${output}`] as Float32Array)).toEqual(
      Array.from(officialShift(x, 8, C as number, (H as number) * (W as number), shift.attrs.foldChannels)),
    );
  });

  it('calibration is deterministic: the same clips give the same model bytes', async () => {
    const [a, b, minmax] = [
      await compileMotionInt8('tsm_motion'),
      await compileMotionInt8('tsm_motion'),
      await compileMotionInt8('tsm_motion', { method: 'minmax' }),
    ];
    expect(Buffer.compare(a.bytes as Uint8Array, b.bytes as Uint8Array)).toBe(0);
    expect(Buffer.compare(a.bytes as Uint8Array, minmax.bytes as Uint8Array)).not.toBe(0);
  });
});
