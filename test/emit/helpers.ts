/**
 * Test helpers for the emitter: build small IR graphs by hand, emit them, run them on
 * onnxruntime CPU, and (when python3 with onnx is present) run onnx.checker on the bytes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Span } from '../../base/span.js';
import { emitModel, type EmitOptions } from '../../compiler/emit/emit.js';
import { decodeGraph, encodeModel } from '../../compiler/emit/proto.js';
import type { Dim } from '../../compiler/ir/dim.js';
import type { DType, IRGraph, IRNode, IRParam, IRValue, OpAttrs, OpName, ParamInit } from '../../compiler/ir/graph.js';
import { loadOrt, type OrtTensor } from '../../ort/ort.js';

const ort = await loadOrt();

export function span(line = 1, column = 1, file = 'test.vnet'): Span {
  return { file, start: 0, end: 1, line, column, endLine: line, endColumn: column + 1 };
}

export function param(name: string, shape: readonly number[], init: ParamInit = { kind: 'normal', std: 0.5 }): IRParam {
  return { name, shape, dtype: 'f32', init };
}

/** Builds an IRGraph step by step: values, then nodes in topological order. */
export class GraphMaker {
  private readonly values: Record<string, IRValue> = {};
  private readonly nodes: IRNode[] = [];
  private line = 1;

  value(id: string, shape: readonly Dim[], dtype: DType = 'f32', extra: Partial<IRValue> = {}): string {
    this.values[id] = { id, dtype, shape, span: span(this.line), ...extra };
    return id;
  }

  node<K extends OpName>(
    op: K,
    name: string,
    inputs: readonly string[],
    output: { id: string; shape: readonly Dim[] } & Partial<IRValue>,
    attrs: OpAttrs[K],
    params: Record<string, IRParam> = {},
  ): string {
    const line = ++this.line;
    this.values[output.id] = { dtype: 'f32', span: span(line), ...output };
    this.nodes.push({ id: `n${this.nodes.length}`, name, op, attrs, inputs, outputs: [output.id], params, span: span(line, 5) } as IRNode);
    return output.id;
  }

  /** A node of an op graph.ts does not list (yet): ops that passes add. */
  untypedNode(op: string, name: string, inputs: readonly string[], output: { id: string; shape: readonly Dim[] }, attrs: object): string {
    return this.node(op as OpName, name, inputs, output, attrs as never);
  }

  build(name: string, inputs: readonly string[], outputs: readonly string[], constants: IRGraph['constants'] = {}): IRGraph {
    return { name, inputs, outputs, values: { ...this.values }, nodes: [...this.nodes], constants };
  }
}

/** Emits and encodes; fails the test with the diagnostics when emission fails. */
export function emitBytes(graph: IRGraph, options: Partial<EmitOptions> = {}): Uint8Array {
  const result = emitModel(graph, { target: 'portable', ...options });
  if (!result.model) throw new Error(result.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
  return encodeModel(result.model);
}

export interface HostTensor {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

export async function runModel(bytes: Uint8Array, feeds: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
  const session = await ort.InferenceSession.create(bytes);
  const inputs: Record<string, OrtTensor> = {};
  for (const [name, t] of Object.entries(feeds)) inputs[name] = new ort.Tensor('float32', t.data, [...t.dims]);
  const results = await session.run(inputs);
  const out: Record<string, HostTensor> = {};
  for (const [name, t] of Object.entries(results)) out[name] = { data: t.data as Float32Array, dims: t.dims };
  await session.release();
  return out;
}

/** Deterministic test data in [-1, 1). */
export function randomTensor(dims: readonly number[], seed = 1): HostTensor {
  const n = dims.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s / 2 ** 31 - 1;
  }
  return { data, dims };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

export function opTypes(bytes: Uint8Array): string[] {
  return decodeGraph(bytes).node.map((n) => n.opType ?? '');
}

const PYTHON = '/usr/bin/python3';
let pythonOnnx: boolean | undefined;

/** Whether /usr/bin/python3 can `import onnx` (for onnx.checker). */
export function hasPythonOnnx(): boolean {
  if (pythonOnnx === undefined) {
    const r = spawnSync(PYTHON, ['-c', 'import onnx'], { encoding: 'utf8' });
    pythonOnnx = r.status === 0;
    if (!pythonOnnx) console.log('python3 with onnx not found: onnx.checker checks are skipped');
  }
  return pythonOnnx;
}

/** Runs onnx.checker.check_model(full_check=True); returns '' when the model passes, else the error text. */
export function checkWithOnnx(bytes: Uint8Array): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vnet-check-'));
  try {
    const file = path.join(dir, 'model.onnx');
    writeFileSync(file, bytes);
    const script = 'import onnx,sys\nm=onnx.load(sys.argv[1])\nonnx.checker.check_model(m, full_check=True)\n';
    const r = spawnSync(PYTHON, ['-c', script, file], { encoding: 'utf8' });
    return r.status === 0 ? '' : (r.stderr || r.stdout || `exit ${r.status}`).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
