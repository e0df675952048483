/**
 * A pass is a pure function over a module (graph plus parameter data) that returns the new module
 * and whether anything changed. Passes never mutate their input and never throw for a user's program.
 */
import type { Span } from '../../base/span.js';
import type { IRGraph } from '../ir/graph.js';
import type { Target } from '../emit/lower/context.js';

/** Parameter data by hierarchical name (f32, row-major, the IRParam's shape). */
export type WeightTable = ReadonlyMap<string, Float32Array>;

export interface IRModule {
  readonly graph: IRGraph;
  readonly weights: WeightTable;
}

/** One line of `--explain`: what a pass did, or why it did not, at one candidate site. */
export interface ExplainNote {
  readonly pass: string;
  /** The IR node the note is about (its hierarchical name). */
  readonly site: string;
  readonly fired: boolean;
  /** Why it fired, or the reason it did not apply. */
  readonly reason: string;
  /** The `.vnet` text the site came from, when known. */
  readonly span?: Span;
}

export interface PassContext {
  readonly target: Target;
  /** The model is for onnxruntime-web in a browser (`--target web`, emitted as `portable`). */
  readonly browser?: boolean;
  /** The float graph is to be quantized afterwards (`--precision int8`, compiler/quantize). */
  readonly int8?: boolean;
  readonly explain: (note: ExplainNote) => void;
}

export interface PassResult {
  readonly module: IRModule;
  readonly changed: boolean;
}

export interface Pass {
  readonly name: string;
  /** One line, shown by `vnetc compile --passes help`. */
  readonly description: string;
  run(module: IRModule, ctx: PassContext): PassResult;
}

export function unchanged(module: IRModule): PassResult {
  return { module, changed: false };
}
