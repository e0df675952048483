/**
 * A flag that the chosen mode (or the missing flag it needs) would ignore is a usage error: exit 2, one
 * line naming the flag and the mode, before any file is read. And the hints `run` gives for a video
 * where a model or a tensor belongs, and `--input NAME=PATH`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatNpy } from '../../runtime/npy.js';
import { buildModel, identityClassifier, node, valueInfo } from '../runtime/models.js';
import { runVnetc } from './helpers.js';

const NET = 'network tiny(clip: f32[N, 3, 4, 8, 8]) -> f32[N, 4] {\n  return clip |> mean((2, 3, 4)) |> linear(4) as head\n}\n';
const SEGMENTS_NET = `network seg(clip: f32[N, 4, 3, 8, 8]) -> f32[N, 4] {
  preprocess {
    layout = ntchw
    sampling = segments
    resize = 8
    crop = 8
    mean = 0.45
    std = 0.225
  }
  return clip |> mean((1, 3, 4)) |> linear(4) as head
}
`;

/** y = slow + fast: a model with two named inputs, as SlowFast has. */
function twoInputModel(): Uint8Array {
  return buildModel({
    inputs: [valueInfo('slow', ['N', 3]), valueInfo('fast', ['N', 3])],
    outputs: [valueInfo('logits', ['N', 3])],
    nodes: [node('Add', ['slow', 'fast'], ['logits'])],
  });
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vnet-modes-'));
  writeFileSync(path.join(dir, 'net.vnet'), NET);
  writeFileSync(path.join(dir, 'seg.vnet'), SEGMENTS_NET);
  writeFileSync(path.join(dir, 'm.onnx'), identityClassifier(3));
  writeFileSync(path.join(dir, 'two.onnx'), twoInputModel());
  writeFileSync(path.join(dir, 'clip.mp4'), 'not decoded: the usage error comes first');
  writeFileSync(path.join(dir, 'a.npy'), formatNpy({ type: 'float32', dims: [1, 3], data: Float32Array.from([1, 2, 3]) }));
  writeFileSync(path.join(dir, 'b.npy'), formatNpy({ type: 'float32', dims: [1, 3], data: Float32Array.from([10, 30, 20]) }));
  writeFileSync(path.join(dir, 'x=y.npy'), formatNpy({ type: 'float32', dims: [1, 3], data: Float32Array.from([0, 0, 9]) }));
});

async function usageError(argv: string[]): Promise<string> {
  const run = await runVnetc(argv, dir);
  expect(run.out).toBe('');
  expect(run.code, run.err).toBe(2);
  return run.err;
}

describe('run: a flag its mode ignores is a usage error naming the mode', () => {
  it.each([
    [['run', 'net.vnet', '--stream', '--save-output', 'o.npy'], '--save-output has no effect with --stream (it is used without --video or --stream)'],
    [['run', 'net.vnet', '--stream', '--save-input', 'c.npy'], '--save-input has no effect with --stream (it is used with --video)'],
    [['run', 'net.vnet', '--stream', '--views', '2'], '--views has no effect with --stream (it is used with --video)'],
    [['run', 'net.vnet', '--every', '2'], '--every has no effect without --video or --stream (it is used with --stream --video)'],
    [['run', 'm.onnx', '--video', 'clip.mp4', '--every', '2'], '--every has no effect with --video (it is used with --stream --video)'],
    [
      ['run', 'm.onnx', '--video', 'clip.mp4', '--input', 'a.npy'],
      '--input has no effect with --video (it is used without --video or --stream, or with --stream)',
    ],
    [
      ['run', 'm.onnx', '--stream', '--video', 'clip.mp4', '--top', '3'],
      '--top has no effect with --stream --video (it is used without --video or --stream, or with --video, or with --stream)',
    ],
    [['run', 'm.onnx', '--window', '4'], '--window has no effect without --video or --stream (it is used with --stream, or with --stream --video)'],
    [['run', 'm.onnx', '--no-autorotate'], '--no-autorotate has no effect without --video or --stream (it is used with --video, or with --stream --video)'],
    [['run', 'm.onnx', '--set', 'K=1'], '--set has no effect with an .onnx model (it is used with a .vnet file)'],
    [['run', 'm.onnx', '--network', 'tiny'], '--network has no effect with an .onnx model (it is used with a .vnet file)'],
  ])('vnetc %j', async (argv, message) => {
    expect(await usageError(argv)).toBe(`vnetc: ${message}\n`);
  });

  it('a flag left at its default is no error: the default --top and --window of a plain run', async () => {
    const run = await runVnetc(['run', 'm.onnx', '--input', 'a.npy', '--json'], dir);
    expect(run.code, run.err).toBe(0);
  });

  it('--views on a segments model: exit 2, before the video is opened', async () => {
    const compiled = await runVnetc(['compile', 'seg.vnet', '-o', 'seg.onnx'], dir);
    expect(compiled.code, compiled.err).toBe(0);
    const err = await usageError(['run', 'seg.onnx', '--video', 'clip.mp4', '--views', '3']);
    expect(err.split('\n').filter((l) => l.startsWith('vnetc: --views'))).toEqual([
      'vnetc: --views has no effect with a segments model (one frame from each of its segments: one view); it is used with a model sampling a clip',
    ]);
  });
});

describe('other commands: flags that would do nothing', () => {
  it.each([
    [['web', 'm.onnx', '-o', 'site', '--port', '9000'], 'vnetc: --port has no effect without --serve'],
    [['weights', 'w.safetensors', '--to', 'o.safetensors', '--list'], 'vnetc: --list has no effect with --to (it is used without --to)'],
    [['weights', 'w.safetensors', '--for', 'net.vnet'], 'vnetc: --for has no effect without --to (it is used with --to)'],
    [['weights', 'w.safetensors', '--to', 'o.safetensors', '--network', 'tiny'], 'vnetc: --network has no effect without --for'],
    [['weights', 'w.safetensors', '--weights-map', 'rules.txt'], 'vnetc: --weights-map has no effect without --for'],
    [['compile', 'net.vnet', '--weights-key', 'model'], 'vnetc: --weights-key has no effect without --weights'],
    [['compile', 'net.vnet', '--resize-embeddings'], 'vnetc: --resize-embeddings has no effect without --weights'],
    [['compile', 'net.vnet', '--cpu-layout', 'plain'], 'vnetc: --cpu-layout has no effect with --target portable (it is used with --target ort-cpu)'],
  ])('vnetc %j', async (argv, line) => {
    expect(await usageError(argv)).toBe(`${line}\n`);
  });

  it('--cpu-layout with --target ort-cpu is used', async () => {
    const run = await runVnetc(['compile', 'net.vnet', '--target', 'ort-cpu', '--cpu-layout', 'plain', '-o', 'cpu.onnx'], dir);
    expect(run.code, run.err).toBe(0);
  });
});

describe('run: a video where a model or a tensor belongs', () => {
  it('as the model: exit 2, how to classify it', async () => {
    expect(await usageError(['run', 'clip.mp4'])).toBe(
      "vnetc: 'clip.mp4' is a video, not a model: to classify a video, use --video (vnetc run MODEL.onnx --video 'clip.mp4')\n",
    );
    expect(await usageError(['run', 'clip.mp4', '--stream', '--input', 'a.npy'])).toMatch(
      /^vnetc: 'clip\.mp4' is a video, not a model: to classify a video, use --video/,
    );
  });

  it('as an --input: exit 2, how to classify it', async () => {
    expect(await usageError(['run', 'm.onnx', '--input', 'clip.mp4'])).toBe(
      "vnetc: --input 'clip.mp4' is a video, not a .npy tensor: to classify a video, use --video (vnetc run 'm.onnx' --video 'clip.mp4')\n",
    );
  });
});

describe('run --input NAME=PATH', () => {
  interface Doc {
    inputs: { name: string; source: string }[];
    outputs: { top: { index: number; score: number }[][] }[];
  }
  const run = async (argv: string[]) => {
    const r = await runVnetc(['run', ...argv, '--json', '--top', '1'], dir);
    expect(r.code, r.err).toBe(0);
    return JSON.parse(r.out) as Doc;
  };

  it('feeds each named input its file, in any order; plain paths go in input order', async () => {
    const named = await run(['two.onnx', '--input', 'fast=b.npy', '--input', 'slow=a.npy']);
    expect(named.inputs.map((i) => [i.name, i.source])).toEqual([
      ['slow', 'a.npy'],
      ['fast', 'b.npy'],
    ]);
    // [1, 2, 3] + [10, 30, 20] = [11, 32, 23]
    expect(named.outputs[0]?.top[0]).toEqual([{ index: 1, score: 32 }]);
    const ordered = await run(['two.onnx', '--input', 'b.npy', '--input', 'a.npy']);
    expect(ordered.inputs.map((i) => [i.name, i.source])).toEqual([
      ['slow', 'b.npy'],
      ['fast', 'a.npy'],
    ]);
  });

  it('an unknown input name: exit 2, the names the model has', async () => {
    expect(await usageError(['run', 'two.onnx', '--input', 'fats=b.npy'])).toBe(
      "vnetc: --input 'fats=b.npy': the model has no input 'fats'; it has 2 inputs (slow, fast) (a path holding '=' is read as a path when that file exists)\n",
    );
  });

  it("a file whose name holds '=' is read as a path when it exists", async () => {
    const doc = await run(['m.onnx', '--input', 'x=y.npy']);
    expect(doc.inputs.map((i) => [i.name, i.source])).toEqual([['clip', 'x=y.npy']]);
    expect(doc.outputs[0]?.top[0]).toEqual([{ index: 2, score: 9 }]);
  });
});
