/**
 * What a model carries reaches its Triton folder: `--labels` become labels.txt with `label_filename` on the
 * logits output, and the `preprocess` section becomes `vnet.preprocess.*` parameters. Configs are read
 * back through Triton's own schema (protoc + Python text_format), labels.txt as Triton reads it.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_KEYS } from '../../contract/keys.js';
import { readContract } from '../../contract/model-contract.js';
import type { Preprocess } from '../../contract/preprocess.js';
import { decodeOnnx, modelIO, onnx } from '../../serve/triton/onnx-model.js';
import { runVnetc, tempTree } from '../cli/helpers.js';
import { type ParsedConfig, parsedConfig, tritonSchemaMissing } from './triton-schema.js';

const NET = `network net(clip: f32[N, 2, 3, 8, 8]) -> f32[N, 4] {
  preprocess {
    sampling = clip
    rate = 4
    fps = 29.97
    resize = 9
    crop = 8
    order = bgr
    scale = 1
    mean = (104, 117, 123)
    std = 1
  }
  return clip |> frames |> conv2d(8, k=3, pad=1) as conv |> relu |> global_avgpool |> linear(4) as fc |> consensus
}
`;
const LABELS = ['walking', 'jumping jacks', 'say "hi"', 'café au lait'];

let dir: string;

/** The labels as Triton's LabelProvider reads the file: std::getline, one label per line. */
function tritonLabels(file: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The preprocessing a client rebuilds from the config's parameters. */
function preprocessFromParameters(parameters: ParsedConfig['parameters']): Preprocess {
  const text = (fact: string): string => {
    const value = parameters?.[`vnet.preprocess.${fact}`]?.string_value;
    if (value === undefined) throw new Error(`no parameter vnet.preprocess.${fact}`);
    return value;
  };
  const scheme = text('sampling');
  const sampling =
    scheme === 'clip'
      ? { scheme, rate: Number(text('sampling.rate')), fps: Number(text('sampling.fps')) }
      : scheme === 'every'
        ? { scheme, step: Number(text('sampling.step')) }
        : { scheme };
  return {
    frames: Number(text('frames')),
    layout: text('layout'),
    sampling,
    resize: Number(text('resize')),
    crop: Number(text('crop')),
    order: text('order'),
    scale: Number(text('scale')),
    mean: text('mean').split(',').map(Number),
    std: text('std').split(',').map(Number),
    input: text('input'),
  } as Preprocess;
}

/** `net.onnx` with its `vnet.labels` metadata replaced: what a hand-edited (or hostile) model carries. */
function withLabels(labels: readonly string[]): Uint8Array {
  const decoded = decodeOnnx(readFileSync(path.join(dir, 'net.onnx')));
  if (!decoded.ok) throw new Error(decoded.error);
  const model = decoded.model;
  model.metadataProps = (model.metadataProps ?? []).map((p) => (p.key === CONTRACT_KEYS.labels ? { key: p.key, value: JSON.stringify(labels) } : p));
  return onnx.ModelProto.encode(model).finish();
}

beforeAll(async () => {
  dir = await tempTree({ 'net.vnet': NET, 'labels.txt': `${LABELS.join('\n')}\n` });
  const compiled = await runVnetc(['compile', 'net.vnet', '--labels', 'labels.txt', '-o', 'net.onnx'], dir);
  expect(compiled.code).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vnetc triton on a model compiled with --labels and a preprocess section', () => {
  let result: { code: number; out: string; err: string };
  beforeAll(async () => {
    result = await runVnetc(['triton', 'net.onnx', '-o', 'repo'], dir);
  }, 60_000);

  it("writes labels.txt beside config.pbtxt, which Triton reads back as the model's labels", () => {
    expect(result).toEqual({ code: 0, out: 'repo/net: offline, dynamic batching, max batch 8, 1 CPU instance(s), 4 labels in labels.txt\n', err: '' });
    expect(tritonLabels(path.join(dir, 'repo', 'net', 'labels.txt'))).toEqual(LABELS);
  });

  it.skipIf(tritonSchemaMissing)("the logits output names it as label_filename (Triton's classification extension), relative to the model folder", () => {
    const config = parsedConfig(path.join(dir, 'repo', 'net', 'config.pbtxt'));
    expect(config.output).toEqual([{ name: 'output', data_type: 'TYPE_FP32', dims: [4], label_filename: 'labels.txt' }]);
    expect(existsSync(path.join(dir, 'repo', 'net', config.output[0]?.label_filename ?? ''))).toBe(true);
  });

  it.skipIf(tritonSchemaMissing)("the preprocessing facts are parameters, and a client rebuilds exactly the contract's preprocessing from them", () => {
    const config = parsedConfig(path.join(dir, 'repo', 'net', 'config.pbtxt'));
    const values = Object.fromEntries(Object.entries(config.parameters ?? {}).map(([k, v]) => [k, v.string_value]));
    expect(values).toEqual({
      'vnet.preprocess.frames': '2',
      'vnet.preprocess.layout': 'NTCHW',
      'vnet.preprocess.resize': '9',
      'vnet.preprocess.crop': '8',
      'vnet.preprocess.order': 'bgr',
      'vnet.preprocess.scale': '1',
      'vnet.preprocess.mean': '104,117,123',
      'vnet.preprocess.std': '1,1,1',
      'vnet.preprocess.input': 'float',
      'vnet.preprocess.sampling': 'clip',
      'vnet.preprocess.sampling.rate': '4',
      'vnet.preprocess.sampling.fps': '29.97',
    });
    const decoded = decodeOnnx(readFileSync(path.join(dir, 'repo', 'net', '1', 'model.onnx')));
    if (!decoded.ok) throw new Error(decoded.error);
    const contract = readContract(modelIO(decoded.model).metadata);
    expect(contract.ok && contract.value.preprocess).toEqual(preprocessFromParameters(config.parameters));
  });
});

describe('labels Triton could not read right are refused (VN472, exit 1), and nothing is written', () => {
  it.each([
    [['walking', 'jumping\njacks', 'c', 'd'], 'label 1 holds a line break, and Triton reads labels.txt one label per line'],
    [['walking', 'jumping\r', 'c', 'd'], 'label 1 holds a line break, and Triton reads labels.txt one label per line'],
    [['walking', 'jumping'], "it carries 2 labels for the 4 classes of 'output'"],
  ])('%j', async (labels, reason) => {
    writeFileSync(path.join(dir, 'bad.onnx'), withLabels(labels));
    const r = await runVnetc(['triton', 'bad.onnx', '-o', 'bad-repo'], dir);
    expect(r).toEqual({ code: 1, out: '', err: expect.stringContaining(`error VN472: 'bad.onnx' cannot be served by Triton: ${reason}\n`) });
    expect(existsSync(path.join(dir, 'bad-repo'))).toBe(false);
  });
});
