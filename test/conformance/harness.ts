/**
 * Shared by the conformance and example tests: the compiler entry points, fixture loading,
 * running a compiled model on onnxruntime CPU, and the optional Python ONNX checker.
 */
import { spawnSync } from 'node:child_process';
import { readFile, mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkProgram } from '../../compiler/check/check-program.js';
import { compileFile } from '../../compiler/compile.js';
import type { Diagnostic } from '../../base/diagnostics/diagnostic.js';
import type { IRGraph, IRParam } from '../../compiler/ir/graph.js';
import { parseNpy } from '../../runtime/npy.js';
import { loadOrt } from '../../ort/ort.js';
import { openSession } from '../../runtime/session.js';
import type { HostTensor } from '../../runtime/tensors.js';

const ort = await loadOrt();

export { checkProgram, compileFile };

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CONFORMANCE = path.join(ROOT, 'test/fixtures/conformance');
export const EXAMPLES = path.join(ROOT, 'examples');

/** Diagnostics as one line each (`VN123 error 12:3 message`), for readable assertion failures. */
export function describeDiagnostics(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => {
    const at = d.span ? `${path.basename(d.span.file)}:${d.span.line}:${d.span.column}` : '-';
    return `${d.code} ${d.severity} ${at} ${d.message}`;
  });
}

export function errorsAndWarnings(diagnostics: readonly Diagnostic[]): string[] {
  return describeDiagnostics(diagnostics.filter((d) => d.severity !== 'note'));
}

export async function loadNpy(file: string): Promise<HostTensor & { type: 'float32'; data: Float32Array }> {
  const parsed = parseNpy(new Uint8Array(await readFile(file)));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.reason}`);
  if (parsed.tensor.type !== 'float32') throw new Error(`${file}: expected float32, got ${parsed.tensor.type}`);
  return parsed.tensor as HostTensor & { type: 'float32'; data: Float32Array };
}

export interface RunResult {
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

/** Runs a model on onnxruntime CPU with one float32 input per graph input, in order; returns the first output. */
export async function runCpu(bytes: Uint8Array, inputs: readonly { dims: readonly number[]; data: Float32Array }[]): Promise<RunResult> {
  const { session } = await openSession(bytes, { providers: ['cpu'] });
  try {
    const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {};
    session.inputNames.forEach((name, i) => {
      const input = inputs[i];
      if (input === undefined) throw new Error(`no value given for model input '${name}'`);
      feeds[name] = new ort.Tensor('float32', input.data, [...input.dims]);
    });
    const results = await session.run(feeds);
    const first = session.outputNames[0];
    const out = first === undefined ? undefined : results[first];
    if (out === undefined) throw new Error('the model has no output');
    return { dims: out.dims, data: out.data as Float32Array };
  } finally {
    await session.release();
  }
}

/** The largest |a - b| / max(1, |b|): absolute for small values, relative for large ones. */
export function maxScaledError(actual: Float32Array, expected: Float32Array): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    const err = Math.abs((actual[i] as number) - e) / Math.max(1, Math.abs(e));
    if (!(err <= worst)) worst = err; // NaN wins
  }
  return worst;
}

/** Every parameter of a graph, once, by name. */
export function graphParams(graph: IRGraph): Map<string, IRParam> {
  const params = new Map<string, IRParam>();
  for (const node of graph.nodes) {
    for (const p of Object.values(node.params)) params.set(p.name, p);
  }
  return params;
}

/** BatchNorm running statistics are state, not trainable parameters (PyTorch buffers). */
export function isBuffer(name: string): boolean {
  return name.endsWith('.running_mean') || name.endsWith('.running_var');
}

export function trainableCount(params: ReadonlyMap<string, IRParam>): number {
  let n = 0;
  for (const [name, p] of params) if (!isBuffer(name)) n += p.shape.reduce((a, b) => a * b, 1);
  return n;
}

export interface ExpectedNames {
  readonly source: string;
  readonly trainable: number;
  readonly params: Readonly<Record<string, number[]>>;
}

export async function loadExpectedNames(name: string): Promise<ExpectedNames> {
  return JSON.parse(await readFile(path.join(CONFORMANCE, `${name}_param_names.json`), 'utf8')) as ExpectedNames;
}

let pythonOnnx: boolean | undefined;

/** Whether /usr/bin/python3 with the onnx package is here (the ONNX checker tests skip without it). */
export function hasPythonOnnx(): boolean {
  if (pythonOnnx === undefined) {
    const probe = spawnSync('/usr/bin/python3', ['-c', 'import onnx'], { stdio: 'ignore' });
    pythonOnnx = probe.status === 0;
  }
  return pythonOnnx;
}

const CHECK_SCRIPT = 'import sys, onnx\nonnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)\n';

/** Runs onnx.checker.check_model(full_check=True); returns undefined when the model passes, else the error. */
export async function onnxCheckerError(bytes: Uint8Array): Promise<string | undefined> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vnet-onnx-check-'));
  const file = path.join(dir, 'model.onnx');
  try {
    await writeFile(file, bytes);
    const run = spawnSync('/usr/bin/python3', ['-c', CHECK_SCRIPT, file], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (run.status === 0) return undefined;
    const lines = `${run.stderr}`.trim().split('\n');
    return lines.slice(-3).join('\n') || `python exited with ${run.status}`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The graph of `network` among a checkProgram result's graphs (or the last one). */
export function pickGraph(graphs: readonly IRGraph[], network?: string): IRGraph {
  const found = network === undefined ? graphs[graphs.length - 1] : graphs.find((g) => g.name === network);
  if (found === undefined) throw new Error(`no graph${network ? ` named '${network}'` : ''} among ${graphs.map((g) => g.name).join(', ')}`);
  return found;
}
