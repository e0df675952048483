/**
 * The examples are the language's showcase: each parses, is in canonical `vnetc fmt` form, checks clean
 * at full size with exactly the reference implementation's parameter names and shapes (torchvision,
 * official TimeSformer), and, compiled at a small size through `--set`, passes the ONNX checker and runs
 * on onnxruntime CPU. Full-size compile and run live in the bench (2 CPU cores make them slow here).
 */
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../compiler/summary/summary.js';
import { formatSource } from '../../dsl/format.js';
import { parseSource } from '../../dsl/parse.js';
import { Source } from '../../base/source.js';
import { openStream } from '../../runtime/stream.js';
import {
  CONFORMANCE,
  EXAMPLES,
  checkProgram,
  compileFile,
  errorsAndWarnings,
  graphParams,
  hasPythonOnnx,
  loadExpectedNames,
  onnxCheckerError,
  pickGraph,
  runCpu,
  trainableCount,
} from '../conformance/harness.js';

interface Example {
  readonly file: string;
  readonly network: string;
  /** test/fixtures/conformance/<names>_param_names.json */
  readonly names: 'resnet50' | 'mobilenet_v2' | 'timesformer_base';
  readonly trainable: number;
  /** Multiply-accumulates per clip (N = 1) at full size: the papers' figures, within a few percent. */
  readonly macs: readonly [number, number];
  /** `--set` overrides for the small compile-and-run test. */
  readonly small: readonly string[];
  /** The small model's input, batch 2. */
  readonly input: readonly number[];
  /** Online examples: the number of past-only shifts, each a cache of the streaming model. */
  readonly caches?: number;
}

// TSM paper: TSM-ResNet50 and TSN-ResNet50, 8 frames at 224x224, "33 GFLOPs" (8 x 4.09 G multiply-accumulates).
const RESNET50_MACS = [32.5e9, 33e9] as const;
const RESNET_SMALL = ['T=2', 'SIZE=64'];
const CLIP_SMALL = [2, 2, 3, 64, 64];

const EXAMPLES_UNDER_TEST: readonly Example[] = [
  {
    file: 'tsn_resnet50.vnet',
    network: 'tsn_resnet50',
    names: 'resnet50',
    trainable: 24_327_632,
    macs: RESNET50_MACS,
    small: RESNET_SMALL,
    input: CLIP_SMALL,
  },
  {
    file: 'tsm_resnet50.vnet',
    network: 'tsm_resnet50',
    names: 'resnet50',
    trainable: 24_327_632,
    macs: RESNET50_MACS,
    small: RESNET_SMALL,
    input: CLIP_SMALL,
  },
  {
    file: 'tsm_resnet50_inplace.vnet',
    network: 'tsm_resnet50_inplace',
    names: 'resnet50',
    trainable: 24_327_632,
    macs: RESNET50_MACS,
    small: RESNET_SMALL,
    input: CLIP_SMALL,
  },
  {
    file: 'tsm_resnet50_online.vnet',
    network: 'tsm_resnet50_online',
    names: 'resnet50',
    trainable: 24_327_632,
    caches: 16,
    macs: RESNET50_MACS,
    small: RESNET_SMALL,
    input: CLIP_SMALL,
  },
  {
    file: 'tsm_mobilenetv2_online.vnet',
    network: 'tsm_mobilenetv2_online',
    names: 'mobilenet_v2',
    trainable: 2_736_272,
    caches: 10,
    // 8 frames x about 0.30 GMACs (MobileNetV2 at 224x224).
    macs: [2.35e9, 2.45e9],
    small: RESNET_SMALL,
    input: CLIP_SMALL,
  },
  {
    file: 'timesformer_base.vnet',
    network: 'timesformer_base',
    names: 'timesformer_base',
    trainable: 121_566_352,
    // "about 0.2 T multiply-accumulates per 8x224x224 view" (TimeSformer paper).
    macs: [0.19e12, 0.2e12],
    // Official TimeSformer layout [B, C, T, H, W]; a narrow, shallow model keeps the test fast.
    small: ['T=2', 'SIZE=64', 'DIM=64', 'HEADS=4', 'DEPTH=2'],
    input: [2, 3, 2, 64, 64],
  },
];

const CLASSES = 400;

async function vnetFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.endsWith('.vnet')).map((f) => path.join(dir, f));
}

describe('every .vnet the project ships is in canonical form', async () => {
  const files = [...(await vnetFiles(EXAMPLES)), ...(await vnetFiles(path.join(EXAMPLES, 'lib'))), ...(await vnetFiles(CONFORMANCE))];
  it.each(files.map((f) => [path.relative(EXAMPLES, f), f]))('%s parses and formats to itself', async (_shown, file) => {
    const source = new Source(file, await readFile(file, 'utf8'));
    expect(errorsAndWarnings(parseSource(source).diagnostics)).toEqual([]);
    const once = formatSource(source);
    expect(errorsAndWarnings(once.diagnostics)).toEqual([]);
    expect(once.text).toBe(source.text);
    const twice = formatSource(new Source(file, once.text ?? ''));
    expect(twice.text).toBe(once.text);
  });
});

describe.each(EXAMPLES_UNDER_TEST)('examples/$file', (example) => {
  const file = path.join(EXAMPLES, example.file);

  it('checks clean at full size with the reference parameter names and shapes', async () => {
    const checked = await checkProgram(file, { network: example.network });
    expect(errorsAndWarnings(checked.diagnostics)).toEqual([]);
    const params = graphParams(pickGraph(checked.graphs, example.network));
    const expected = await loadExpectedNames(example.names);
    const actual = Object.fromEntries([...params].map(([name, p]) => [name, [...p.shape]]));
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected.params).sort());
    expect(actual).toEqual(expected.params);
    expect(trainableCount(params)).toBe(example.trainable);
    expect(expected.trainable).toBe(example.trainable);
    const summary = summarize(pickGraph(checked.graphs, example.network));
    expect(summary.totalParams).toBe(example.trainable);
    expect(summary.totalMacs).toBeGreaterThanOrEqual(example.macs[0]);
    expect(summary.totalMacs).toBeLessThanOrEqual(example.macs[1]);
  });

  it('compiles small, passes the ONNX checker and runs on onnxruntime CPU', async () => {
    const result = await compileFile(file, { network: example.network, sets: example.small, target: 'ort-cpu' });
    expect(errorsAndWarnings(result.diagnostics)).toEqual([]);
    const bytes = result.bytes as Uint8Array;
    expect(bytes).toBeDefined();
    if (hasPythonOnnx()) {
      expect(await onnxCheckerError(bytes)).toBeUndefined();
    } else {
      console.warn('skipping onnx.checker.check_model: /usr/bin/python3 with the onnx package is not installed');
    }
    const elements = example.input.reduce((a, b) => a * b, 1);
    const input = { dims: example.input, data: Float32Array.from({ length: elements }, (_, i) => Math.sin(i * 0.37)) };
    const out = await runCpu(bytes, [input]);
    expect(out.dims).toEqual([example.input[0], CLASSES]);
    expect(out.data.every(Number.isFinite)).toBe(true);
  }, 300_000);

  it.skipIf(example.caches === undefined)(
    'compiles for streaming (--online): one frame in, one cache per shift',
    async () => {
      const result = await compileFile(file, { network: example.network, sets: example.small, target: 'ort-cpu', online: true });
      expect(errorsAndWarnings(result.diagnostics)).toEqual([]);
      const bytes = result.bytes as Uint8Array;
      if (hasPythonOnnx()) expect(await onnxCheckerError(bytes)).toBeUndefined();
      const stream = await openStream(bytes, { providers: ['cpu'], window: 2 });
      try {
        expect(stream.caches.length).toBe(example.caches);
        const [, , ...frame] = example.input;
        const size = frame.reduce((a, b) => a * b, 1);
        for (let f = 0; f < 2; f++) {
          const step = await stream.push(Float32Array.from({ length: size }, (_, i) => Math.cos(i * 0.11 + f)));
          expect(step.logits.length).toBe(CLASSES);
          expect(step.logits.every(Number.isFinite)).toBe(true);
        }
      } finally {
        await stream.release();
      }
    },
    300_000,
  );
});
