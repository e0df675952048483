import onnxProto from 'onnx-proto';
import { performance } from 'node:perf_hooks';
import { loadOrt, type OrtSession } from './ort.js';

const { onnx } = onnxProto;

/**
 * The zero point of int8 convolution weights that onnxruntime's CPU runs fastest here: 0 (symmetric) or
 * -1. With zero point 0 onnxruntime takes its symmetric indirect-convolution path; with any other it
 * takes its general GEMM path, which on CPUs with AMX tiles (Sapphire Rapids and later) runs 3x3
 * convolutions about 1.8x faster. The same weights stored as q - 1 with zero point -1 give the same
 * integer sums, so the model's outputs do not change. Measured, not guessed: one 3x3 QLinearConv of a
 * ResNet-50 layer3 size both ways, and -1 only when it is clearly faster and gives the same bytes on an
 * input that would saturate 16-bit partial sums (where a CPU's GEMM kernel might). 0 when onnxruntime
 * cannot be loaded.
 */
export function int8WeightZeroPoint(): Promise<0 | -1> {
  cached ??= probe().catch(() => 0 as const);
  return cached;
}

let cached: Promise<0 | -1> | undefined;

/** -1 takes the general path only when it is at least this much faster. */
export const FASTER_BY = 1.25;

export interface PathTimes {
  /** Best milliseconds of the probe convolution with zero point 0, and with -1. */
  readonly symmetricMs: number;
  readonly asymmetricMs: number;
  /** Whether both gave the same output bytes. */
  readonly same: boolean;
}

/** The choice for measured times (pure). */
export function chooseZeroPoint(t: PathTimes): 0 | -1 {
  return t.same && t.asymmetricMs > 0 && t.symmetricMs / t.asymmetricMs >= FASTER_BY ? -1 : 0;
}

const C = 256;
const SIDE = 14;
const BATCH = 8;
const ROUNDS = 7;

async function probe(): Promise<0 | -1> {
  const ort = await loadOrt('to choose the int8 weight layout');
  const options = {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all' as const,
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    logSeverityLevel: 4 as const,
  };
  const sessions = [await ort.InferenceSession.create(probeModel(0), options), await ort.InferenceSession.create(probeModel(-1), options)] as const;
  try {
    const x = new Uint8Array(BATCH * C * SIDE * SIDE);
    // Mostly 255 (with weights of 127, adjacent products sum past 32767), varied so the outputs differ.
    for (let i = 0; i < x.length; i++) x[i] = i % 7 === 0 ? (i * 37) % 256 : 255;
    const feed = { x: new ort.Tensor('uint8', x, [BATCH, C, SIDE, SIDE]) };
    const run = async (s: OrtSession) => (await s.run(feed))['y']?.data as Uint8Array;
    const [a, b] = [await run(sessions[0]), await run(sessions[1])];
    const same = a.length === b.length && a.every((v, i) => v === b[i]);
    const best = [Infinity, Infinity];
    for (let r = 0; r < ROUNDS; r++) {
      for (const k of [0, 1] as const) {
        const start = performance.now();
        await run(sessions[k]);
        best[k] = Math.min(best[k] as number, performance.now() - start);
      }
    }
    return chooseZeroPoint({ symmetricMs: best[0] as number, asymmetricMs: best[1] as number, same });
  } finally {
    for (const s of sessions) await s.release();
  }
}

/** y = QLinearConv(x[8, 256, 14, 14], w[256, 256, 3, 3]) with w = +-127 (as q - zero point), uint8 in and out. */
function probeModel(zeroPoint: 0 | -1): Uint8Array {
  const T = onnx.TensorProto.DataType;
  const weights = new Int8Array(C * C * 9);
  for (let i = 0; i < weights.length; i++) weights[i] = (i % 5 === 0 ? -127 : 127) + zeroPoint;
  const scalar = (name: string, dataType: number, raw: Uint8Array, dims: number[] = []) => ({ name, dataType, dims, rawData: raw });
  const f32 = (v: number) => new Uint8Array(Float32Array.of(v).buffer);
  const valueInfo = (name: string) => ({
    name,
    type: { tensorType: { elemType: T.UINT8, shape: { dim: [BATCH, C, SIDE, SIDE].map((d) => ({ dimValue: d })) } } },
  });
  const model: onnxProto.onnx.IModelProto = {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'int8_weight_path_probe',
      input: [valueInfo('x')],
      output: [valueInfo('y')],
      initializer: [
        scalar('x_scale', T.FLOAT, f32(1)),
        scalar('x_zero', T.UINT8, Uint8Array.of(0)),
        scalar('w', T.INT8, new Uint8Array(weights.buffer), [C, C, 3, 3]),
        scalar('w_scale', T.FLOAT, f32(1)),
        scalar('w_zero', T.INT8, Uint8Array.of(zeroPoint & 0xff)),
        // The exact sums are about 4e7 (2304 products, mostly 255 * 127): about 100 after this scale.
        scalar('y_scale', T.FLOAT, f32(400_000)),
        scalar('y_zero', T.UINT8, Uint8Array.of(0)),
      ],
      node: [
        {
          opType: 'QLinearConv',
          input: ['x', 'x_scale', 'x_zero', 'w', 'w_scale', 'w_zero', 'y_scale', 'y_zero'],
          output: ['y'],
          name: 'probe',
          attribute: [
            { name: 'kernel_shape', ints: [3, 3], type: onnx.AttributeProto.AttributeType.INTS },
            { name: 'pads', ints: [1, 1, 1, 1], type: onnx.AttributeProto.AttributeType.INTS },
          ],
        },
      ],
    },
  };
  return onnx.ModelProto.encode(model).finish();
}
