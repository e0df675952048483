/**
 * `--precision int8`: calibrate the float model, plan which ops run int8 (plan.ts), apply the plan as
 * rewrite rules that write every `--explain` note (rules.ts), and mark the values stored as uint8
 * (annotate.ts). The emitter then writes the QDQ model onnxruntime fuses into uint8 kernels.
 */
import type { Target } from '../emit/lower/context.js';
import { tableSource } from '../optimize.js';
import type { ExplainNote, IRModule } from '../passes/pass.js';
import { runPipeline } from '../passes/pipeline.js';
import { annotateValues } from './annotate.js';
import { calibrate } from './calibrate.js';
import type { ClipSet } from './clips.js';
import type { KeepFloat } from './keep-float.js';
import { planInt8, type Int8Plan } from './plan.js';
import type { CalibrationMethod, Range } from './ranges.js';
import { int8Passes } from './rules.js';

export interface Int8Request {
  readonly clips: ClipSet;
  readonly method: CalibrationMethod;
  readonly keepFloat: KeepFloat;
  /**
   * The zero point of dense convolution weights: 0 (symmetric) or -1, the same sums on onnxruntime's
   * general GEMM path (ort/int8-weight-zero-point.ts). Absent: measured on this CPU for --target ort-cpu, else 0.
   */
  readonly weightZeroPoint?: 0 | -1;
}

/** Where the int8 model runs: the emitted target, and whether in a browser (onnxruntime-web, `--target web`). */
export interface Int8Runtime {
  readonly target: Target;
  readonly browser?: boolean;
  /** The zero point of dense convolution weights (see Int8Request); 0 when absent. */
  readonly weightZeroPoint?: 0 | -1;
}

export interface Int8Model {
  readonly module: IRModule;
  readonly plan: Int8Plan;
  readonly ranges: ReadonlyMap<string, Range>;
  /** The zero point the dense convolutions' weights were stored with. */
  readonly weightZeroPoint: 0 | -1;
}

/**
 * Quantizes `module` (the optimized float graph) with ranges measured on `calibration` (the same graph,
 * or, for an online model, the offline graph it came from: the same values under the same names).
 */
export async function quantizeInt8(
  module: IRModule,
  calibration: IRModule,
  request: Int8Request,
  runtime: Int8Runtime,
  explain: (note: ExplainNote) => void,
): Promise<Int8Model | { readonly error: string }> {
  const calibrated = await calibrate(calibration.graph, tableSource(calibration.weights), request.clips, request.method);
  if ('error' in calibrated) return calibrated;
  return applyInt8(module, calibrated.ranges, request.keepFloat, runtime, explain);
}

/** The plan for these ranges, applied: parameters quantized, stored values marked. */
export function applyInt8(
  module: IRModule,
  ranges: ReadonlyMap<string, Range>,
  keepFloat: KeepFloat,
  runtime: Int8Runtime,
  explain: (note: ExplainNote) => void,
): Int8Model {
  const plan = planInt8(module.graph, ranges, { keepFloat, ...(runtime.browser ? { browser: true } : {}) });
  const weightZeroPoint = runtime.weightZeroPoint ?? 0;
  const applied = runPipeline(module, int8Passes(module.graph, plan, weightZeroPoint), { target: runtime.target, explain }, { maxRounds: 1 }).module;
  return { module: { graph: annotateValues(applied.graph, plan), weights: applied.weights }, plan, ranges, weightZeroPoint };
}
