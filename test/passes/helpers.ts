/**
 * Shared by the pass and online tests: .vnet text -> IR graph, a module with lively parameter values
 * (batchnorm statistics and biases that are not the identity, so folding is visible in the numbers),
 * running one pass with its explain notes, compiling graph + weights to ONNX bytes exactly as
 * compileGraph does (optimize, then emit), and the equivalence measure the tests assert.
 */
import { expect } from 'vitest';
import { checkText } from '../../compiler/check/check-program.js';
import type { Diagnostic } from '../../base/diagnostics/diagnostic.js';
import { emitModel } from '../../compiler/emit/emit.js';
import type { Target } from '../../compiler/emit/lower/context.js';
import { encodeModel } from '../../compiler/emit/proto.js';
import type { IRGraph, IRNode, IRParam } from '../../compiler/ir/graph.js';
import { printGraph } from '../../compiler/ir/print.js';
import { verifyGraph } from '../../compiler/ir/verify.js';
import { frozenModule } from '../../compiler/passes/freeze.js';
import { makeOnline } from '../../compiler/online/make-online.js';
import type { CachePair } from '../../contract/caches.js';
import { optimize, type Optimized } from '../../compiler/optimize.js';
import type { ExplainNote, IRModule, Pass, PassResult } from '../../compiler/passes/pass.js';
import type { OptLevel } from '../../compiler/passes/pipeline.js';
import { initParam } from '../../compiler/weights/init.js';
import { graphParams } from '../../compiler/weights/params.js';
import { Prng, hashSeed } from '../../compiler/weights/prng.js';
import type { WeightSource } from '../../compiler/weights/source.js';
import { loadOrt } from '../../ort/ort.js';
import { openSession } from '../../runtime/session.js';

const ort = await loadOrt();

export function describeDiagnostics(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code} ${d.severity} ${d.span ? `${d.span.line}:${d.span.column}` : '-'} ${d.message}`);
}

/** The network of a .vnet snippet (the last one), failing the test with the diagnostics when it does not check. */
export function graphOf(text: string, sets: Readonly<Record<string, string>> = {}): IRGraph {
  const checked = checkText('test.vnet', text, { sets });
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  const graph = checked.graphs.at(-1);
  if (errors.length > 0 || !graph) throw new Error(`the snippet does not check:\n${describeDiagnostics(errors).join('\n')}\n${text}`);
  return graph;
}

/**
 * Seeded values for every parameter: the usual initializers, except that `ones` and `zeros`
 * (batchnorm weight/bias/statistics, biases) get values away from the identity.
 */
export function livelyWeights(seed = 7): WeightSource {
  return {
    tensor(param: IRParam): Float32Array {
      if (param.init.kind !== 'ones' && param.init.kind !== 'zeros') return initParam(param, seed);
      const rng = new Prng(hashSeed(seed, param.name));
      const n = param.shape.reduce((a, b) => a * b, 1);
      const base = param.init.kind === 'ones' ? 1 : 0;
      return Float32Array.from({ length: n }, () => base + (param.init.kind === 'ones' ? 0.8 * rng.uniform() - 0.4 : 0.3 * rng.normal()));
    },
  };
}

export function moduleOf(graph: IRGraph, weights: WeightSource = livelyWeights()): IRModule {
  return { graph, weights: new Map(graphParams(graph).map((p) => [p.name, weights.tensor(p)] as const)) };
}

export interface PassRun extends PassResult {
  /** The explain notes without their spans (compared whole by most tests). */
  readonly notes: Omit<ExplainNote, 'span'>[];
  /** Each note's place, `file:line:col`, in the same order. */
  readonly noteSpans: string[];
}

/** One pass on a frozen input (a pass that mutates it throws), with its explain notes; the verifier must be clean afterwards. */
export function runPass(pass: Pass, module: IRModule, target: Target = 'portable'): PassRun {
  const notes: ExplainNote[] = [];
  const result = pass.run(frozenModule(module), { target, explain: (n) => notes.push(n) });
  expect(verifyGraph(result.module.graph), printGraph(result.module.graph)).toEqual([]);
  return {
    ...result,
    notes: notes.map(({ span: _span, ...note }) => note),
    noteSpans: notes.map((n) => (n.span ? `${n.span.file}:${n.span.line}:${n.span.column}` : '-')),
  };
}

/** How many nodes of each op, sorted by op name (only ops present). */
export function opCounts(graph: IRGraph): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const n of graph.nodes) counts[n.op] = (counts[n.op] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

export function nodeNamed(graph: IRGraph, name: string): IRNode {
  const node = graph.nodes.find((n) => n.name === name);
  if (!node) throw new Error(`no node '${name}' among ${graph.nodes.map((n) => n.name).join(', ')}`);
  return node;
}

export function paramNames(graph: IRGraph): string[] {
  return graphParams(graph)
    .map((p) => p.name)
    .sort();
}

export interface BuildOptions {
  readonly target: Target;
  readonly level?: OptLevel;
  readonly passes?: readonly string[];
  readonly weights?: WeightSource;
  readonly explain?: (note: ExplainNote) => void;
}

export interface Built {
  readonly bytes: Uint8Array;
  readonly optimized: Optimized;
}

/** graph -> passes (verified after each) -> ONNX bytes: compileGraph's path, with any weight source. */
export function build(graph: IRGraph, options: BuildOptions): Built {
  const optimized = optimize(graph, options.weights ?? livelyWeights(), {
    target: options.target,
    verify: true,
    ...(options.level !== undefined ? { level: options.level } : {}),
    ...(options.passes !== undefined ? { passes: options.passes } : {}),
    ...(options.explain ? { explain: options.explain } : {}),
  });
  const emitted = emitModel(optimized.graph, { target: options.target, weights: optimized.weights });
  if (!emitted.model) throw new Error(`emission failed:\n${describeDiagnostics(emitted.diagnostics).join('\n')}`);
  return { bytes: encodeModel(emitted.model), optimized };
}

/** makeOnline, failing on errors; returns the streaming graph and its cache pairs. */
export function onlineOf(graph: IRGraph): { graph: IRGraph; caches: readonly CachePair[] } {
  const online = makeOnline(graph);
  const errors = online.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !online.graph) throw new Error(`makeOnline failed:\n${describeDiagnostics(errors).join('\n')}`);
  return { graph: online.graph, caches: online.caches };
}

export interface Tensor {
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

/** Deterministic input values in [-1, 1). */
export function seededInput(dims: readonly number[], seed = 1): Tensor {
  const rng = new Prng(hashSeed(seed, 'input'));
  const n = dims.reduce((a, b) => a * b, 1);
  return { dims, data: Float32Array.from({ length: n }, () => 2 * rng.uniform() - 1) };
}

/** Runs a model on onnxruntime CPU (one thread: the test machine is small) and returns every output by name. */
export async function runModel(bytes: Uint8Array, feeds: Readonly<Record<string, Tensor>>): Promise<Record<string, Tensor>> {
  const { session } = await openSession(bytes, { providers: ['cpu'], threads: 1 });
  try {
    const ortFeeds: Record<string, InstanceType<typeof ort.Tensor>> = {};
    for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor('float32', t.data, [...t.dims]);
    const results = await session.run(ortFeeds);
    const out: Record<string, Tensor> = {};
    for (const name of session.outputNames) {
      const r = results[name];
      if (r) out[name] = { dims: [...r.dims], data: r.data as Float32Array };
    }
    return out;
  } finally {
    await session.release();
  }
}

/** Runs a one-input model and returns its first output. */
export async function runFirst(bytes: Uint8Array, input: Tensor): Promise<Tensor> {
  const { session } = await openSession(bytes, { providers: ['cpu'], threads: 1 });
  try {
    const name = session.inputNames[0] as string;
    const results = await session.run({ [name]: new ort.Tensor('float32', input.data, [...input.dims]) });
    const r = results[session.outputNames[0] as string];
    if (!r) throw new Error('the model has no output');
    return { dims: [...r.dims], data: r.data as Float32Array };
  } finally {
    await session.release();
  }
}

/** max |actual - expected| / max(1, max |expected|): the measure the equivalence tests bound by 1e-4. */
export function scaledMaxDiff(actual: Float32Array, expected: Float32Array): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    const d = Math.abs((actual[i] as number) - e);
    if (!(d <= diff)) diff = d; // NaN wins
    scale = Math.max(scale, Math.abs(e));
  }
  return diff / scale;
}

export const TOLERANCE = 1e-4;

/** A weight source that computes each parameter once (the examples build the same network several times). */
export function cachedWeights(source: WeightSource): WeightSource {
  const cache = new Map<string, Float32Array>();
  return {
    tensor(param: IRParam): Float32Array {
      let data = cache.get(param.name);
      if (!data) {
        data = source.tensor(param);
        cache.set(param.name, data);
      }
      return data;
    },
  };
}
