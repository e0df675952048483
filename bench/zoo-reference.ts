/**
 * The video-zoo examples and their PyTorch references (refs/zoo/<example>.py, contract in
 * refs/zoo/common.py): which exist, running a reference script into a folder, and reading what it
 * wrote (meta.json, the inputs, the logits). Shared by `npm run bench:zoo` (bench/zoo.ts) and the
 * equality tests (test/zoo/reference.ts). Python is needed only here, never by vnet.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseNpy } from '../runtime/npy.js';

export interface ZooExample {
  /** examples/<name>.vnet and refs/zoo/<name>.py */
  readonly name: string;
  /** Extra arguments of the reference script (a --variant). */
  readonly args?: readonly string[];
  /** The examples' owner, when another helper adds it (skipped with a message until it exists). */
  readonly note?: string;
}

/** Every example of the zoo, in the order the bench prints them. */
export const ZOO_EXAMPLES: readonly ZooExample[] = [
  { name: 'r2plus1d_18' },
  { name: 'mc3_18' },
  { name: 's3d' },
  { name: 'x3d_s' },
  { name: 'slowfast_r50' },
  { name: 'videomae_vit_s16' },
  { name: 'vivit_fe' },
];

export interface ZooMeta {
  /** `vnetc --set` overrides that build the reference's configuration. */
  readonly set: Readonly<Record<string, string | number | boolean>>;
  /** The reference module's parameter count. */
  readonly params: number;
  /** Network input name -> .npy file, in the network's order (absent: one input, clip.npy). */
  readonly inputs?: Readonly<Record<string, string>>;
}

export interface NpyTensor {
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

export interface ReferenceRun {
  readonly dir: string;
  readonly meta: ZooMeta;
  /** The network's inputs, in order. */
  readonly inputs: readonly NpyTensor[];
  readonly logits: NpyTensor;
  readonly weights: string;
  /** model.onnx when the script ran with --export. */
  readonly onnx?: string;
}

export const PYTHON = process.env.VNET_PYTHON ?? '/usr/bin/python3';

/** Why the zoo references cannot run here (no Python with torch, torchvision and numpy), or undefined. */
export function whyNoTorch(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import torch, torchvision, numpy'], { encoding: 'utf8' });
  if (probe.status === 0) return undefined;
  return `${PYTHON} cannot import torch, torchvision and numpy (install python3-torch python3-torchvision)`;
}

/** Why an example cannot be compared yet (its .vnet or reference script is missing), or undefined. */
export function whyMissing(root: string, example: ZooExample): string | undefined {
  const missing = [exampleFile(root, example), scriptFile(root, example)].filter((f) => !existsSync(f));
  return missing.length === 0 ? undefined : `${missing.map((f) => path.relative(root, f)).join(' and ')} do${missing.length === 1 ? 'es' : ''} not exist yet`;
}

export function exampleFile(root: string, example: ZooExample): string {
  return path.join(root, 'examples', `${example.name}.vnet`);
}

export function scriptFile(root: string, example: ZooExample): string {
  return path.join(root, 'refs', 'zoo', `${example.name}.py`);
}

/** Runs the reference script with `args` (`--frames 4 --size 32 ...`) into `dir`; throws with its stderr on failure. */
export function runReference(root: string, example: ZooExample, dir: string, args: readonly string[] = []): ReferenceRun {
  const argv = [scriptFile(root, example), '--out', dir, ...(example.args ?? []), ...args];
  const run = spawnSync(PYTHON, argv, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`${path.relative(root, scriptFile(root, example))} failed (exit ${run.status}):\n${run.stderr.slice(-4000)}`);
  return readReference(dir);
}

/** What a reference script wrote into `dir`. */
export function readReference(dir: string): ReferenceRun {
  const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as ZooMeta;
  const files = meta.inputs ? Object.values(meta.inputs) : ['clip.npy'];
  const onnx = path.join(dir, 'model.onnx');
  return {
    dir,
    meta,
    inputs: files.map((f) => readNpy(path.join(dir, f))),
    logits: readNpy(path.join(dir, 'logits.npy')),
    weights: path.join(dir, 'state_dict.pth'),
    ...(existsSync(onnx) ? { onnx } : {}),
  };
}

/** The parameter count of the reference at its full (default) configuration: `--params-only`, nothing run. */
export function referenceParams(root: string, example: ZooExample, args: readonly string[] = []): ZooMeta {
  const argv = [scriptFile(root, example), '--out', '-', '--params-only', ...(example.args ?? []), ...args];
  const run = spawnSync(PYTHON, argv, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${path.basename(scriptFile(root, example))} --params-only failed:\n${run.stderr.slice(-2000)}`);
  return JSON.parse(run.stdout) as ZooMeta;
}

/** `--set NAME=VALUE` strings for the compiler's `sets` option. */
export function setList(meta: ZooMeta): string[] {
  return Object.entries(meta.set).map(([k, v]) => `${k}=${v}`);
}

function readNpy(file: string): NpyTensor {
  const parsed = parseNpy(new Uint8Array(readFileSync(file)));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.reason}`);
  if (parsed.tensor.type !== 'float32') throw new Error(`${file}: expected float32`);
  return { dims: parsed.tensor.dims, data: parsed.tensor.data as Float32Array };
}
