/**
 * Between checking and emission: materialize every parameter (checkpoint or seeded init) into a
 * weight table, run the pass pipeline over graph + weights, and hand the emitter the result.
 */
import type { Target } from './emit/lower/context.js';
import type { IRGraph } from './ir/graph.js';
import { verifyGraph } from './ir/verify.js';
import type { ExplainNote, IRModule, Pass, WeightTable } from './passes/pass.js';
import { LEVELS, passesByName, runPipeline, type OptLevel } from './passes/pipeline.js';
import { graphParams } from './weights/params.js';
import type { WeightSource } from './weights/source.js';

export interface OptimizeOptions {
  readonly target: Target;
  /** The model is for onnxruntime-web in a browser (`--target web`). */
  readonly browser?: boolean;
  /** The result is quantized next (`--precision int8`). */
  readonly int8?: boolean;
  /** -O0, -O1, -O2 (default 2). Ignored when `passes` is given. */
  readonly level?: OptLevel;
  /** An explicit pass list (`--passes a,b,c`), in order. */
  readonly passes?: readonly string[];
  /** Receives one note per candidate site (`--explain`). */
  readonly explain?: (note: ExplainNote) => void;
  /** Run the IR verifier after every pass that changed something (tests, --debug). */
  readonly verify?: boolean;
}

export interface Optimized {
  readonly graph: IRGraph;
  readonly weights: WeightSource;
  /** The parameter data by name, as the passes left it. */
  readonly table: WeightTable;
  readonly applied: readonly string[];
  readonly nodesBefore: number;
  readonly nodesAfter: number;
}

/** Names in `--passes` that are not passes (for a usage error). */
export function unknownPasses(names: readonly string[]): string[] {
  return passesByName(names).unknown;
}

export function optimize(graph: IRGraph, weights: WeightSource, options: OptimizeOptions): Optimized {
  const names = options.passes ?? LEVELS[options.level ?? 2];
  const { passes } = passesByName(names);
  const table = new Map(graphParams(graph).map((p) => [p.name, weights.tensor(p)] as const));
  if (passes.length === 0) return { graph, weights, table, applied: [], nodesBefore: graph.nodes.length, nodesAfter: graph.nodes.length };
  const module: IRModule = { graph, weights: table };
  const result = runPipeline(
    module,
    passes as Pass[],
    { target: options.target, ...(options.browser ? { browser: true } : {}), ...(options.int8 ? { int8: true } : {}), explain: options.explain ?? (() => {}) },
    {
      ...(options.verify ? { verify: (m: IRModule) => verifyGraph(m.graph), freeze: true } : {}),
    },
  );
  const out = result.module;
  return {
    graph: out.graph,
    weights: tableSource(out.weights),
    table: out.weights,
    applied: result.applied,
    nodesBefore: graph.nodes.length,
    nodesAfter: out.graph.nodes.length,
  };
}

/** Parameter values read from a table by name. */
export function tableSource(table: WeightTable): WeightSource {
  return { tensor: (p) => lookup(table, p.name) };
}

function lookup(table: ReadonlyMap<string, Float32Array>, name: string): Float32Array {
  const data = table.get(name);
  if (!data) throw new Error(`optimize: no values for parameter '${name}'`);
  return data;
}
