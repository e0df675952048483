/**
 * `--precision fp16`: float16 weights and activations, float32 where float16 is unsafe, float32 at the
 * boundary unless --fp16-io; the model passes onnx.checker and onnxruntime, and equals the fp32 model
 * within cosine 0.999 on onnxruntime CPU (which runs float16 models with casts around its float32 kernels).
 */
import { describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { compileFile, type CompileFileOptions } from '../../compiler/compile.js';
import { decodeModel } from '../../compiler/emit/proto.js';
import { onnx } from '../../compiler/emit/proto.js';
import { loadOrt } from '../../ort/ort.js';
import { halfToFloat } from '../../io/half-float.js';
import { checkWithOnnx, hasPythonOnnx, randomTensor } from './helpers.js';

const ort = await loadOrt();

const ROOT = path.resolve(import.meta.dirname, '../..');
const DataType = onnx.TensorProto.DataType;

async function logits(bytes: Uint8Array, input: Float32Array | Uint16Array, dims: number[]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  const tensor = input instanceof Uint16Array ? new ort.Tensor('float16', input, dims) : new ort.Tensor('float32', input, dims);
  const out = await session.run({ [session.inputNames[0] as string]: tensor });
  await session.release();
  const y = out[session.outputNames[0] as string];
  return y?.type === 'float16' ? Float32Array.from(y.data as Uint16Array, halfToFloat) : (y?.data as Float32Array);
}

function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  a.forEach((x, i) => {
    ab += x * (b[i] as number);
    aa += x * x;
    bb += (b[i] as number) ** 2;
  });
  return ab / Math.sqrt(aa * bb);
}

const SMALL = { SIZE: '32', T: '4' };
const cases: [string, Partial<CompileFileOptions>, number[]][] = [
  ['examples/timesformer_space_small.vnet', { target: 'web', sets: SMALL }, [1, 3, 4, 32, 32]],
  ['data/motion/motion.vnet', { target: 'ort-cuda', network: 'tsm_motion' }, [1, 8, 3, 32, 32]],
];

describe('--precision fp16', () => {
  for (const [file, options, dims] of cases) {
    it(`${path.basename(file)} (${options.target}): equals fp32 within cosine 0.999; float32 kept where float16 is unsafe`, async () => {
      const [fp32, fp16] = [await compileFile(path.join(ROOT, file), options), await compileFile(path.join(ROOT, file), { ...options, precision: 'fp16' })];
      expect(fp16.diagnostics).toEqual([]);
      const model = decodeModel(fp16.bytes as Uint8Array);
      expect(model.metadataProps.find((p) => p.key === 'vnet.precision')?.value).toBe('fp16');
      const half = model.graph?.initializer?.filter((t) => t.dataType === DataType.FLOAT16).length ?? 0;
      expect(half).toBeGreaterThan(0);
      // Inputs and outputs stay float32.
      expect(model.graph?.input?.[0]?.type?.tensorType?.elemType).toBe(DataType.FLOAT);
      expect(model.graph?.output?.[0]?.type?.tensorType?.elemType).toBe(DataType.FLOAT);
      // Every LayerNormalization and Softmax reads float32: a Cast to float32, or a float32 initializer.
      const casts32 = new Set(
        (model.graph?.node ?? []).filter((n) => n.opType === 'Cast' && Number(n.attribute?.[0]?.i) === DataType.FLOAT).map((n) => n.output?.[0]),
      );
      const float32Inits = new Set((model.graph?.initializer ?? []).filter((t) => t.dataType === DataType.FLOAT).map((t) => t.name));
      for (const n of model.graph?.node ?? []) {
        if (n.opType !== 'LayerNormalization' && n.opType !== 'Softmax') continue;
        for (const i of n.input ?? []) expect(casts32.has(i) || float32Inits.has(i), `${n.name} reads ${i}`).toBe(true);
      }
      if (hasPythonOnnx()) expect(checkWithOnnx(fp16.bytes as Uint8Array)).toBe('');
      const x = randomTensor(dims, 3).data;
      expect(cosine(await logits(fp32.bytes as Uint8Array, x, dims), await logits(fp16.bytes as Uint8Array, x, dims))).toBeGreaterThan(0.999);
    });
  }

  it('--fp16-io: float16 inputs and outputs', async () => {
    const file = path.join(ROOT, 'examples/timesformer_space_small.vnet');
    const result = await compileFile(file, { target: 'web', sets: SMALL, precision: 'fp16', fp16Io: true });
    const model = decodeModel(result.bytes as Uint8Array);
    expect(model.graph?.input?.[0]?.type?.tensorType?.elemType).toBe(DataType.FLOAT16);
    expect(model.graph?.output?.[0]?.type?.tensorType?.elemType).toBe(DataType.FLOAT16);
    const dims = [1, 3, 4, 32, 32];
    const x = randomTensor(dims, 4).data;
    const x16 = Uint16Array.from(x, (v) => floatToHalfBits(v));
    const fp32 = await compileFile(file, { target: 'web', sets: SMALL });
    expect(cosine(await logits(fp32.bytes as Uint8Array, x, dims), await logits(result.bytes as Uint8Array, x16, dims))).toBeGreaterThan(0.999);
  });
});

function floatToHalfBits(v: number): number {
  const f = new Float32Array([v]);
  const b = new Uint32Array(f.buffer)[0] as number;
  const sign = (b >>> 16) & 0x8000;
  const e = ((b >>> 23) & 0xff) - 127 + 15;
  if (e <= 0) return sign;
  return sign | (e << 10) | ((b >>> 13) & 0x3ff);
}
