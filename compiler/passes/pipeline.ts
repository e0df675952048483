/**
 * The optimization pipeline: plain data (which passes, at which level), run to a fixed point,
 * with the IR verifier between passes when asked (tests, --debug).
 */
import { frozenModule } from './freeze.js';
import type { IRModule, Pass, PassContext } from './pass.js';
import { removeIdentity } from './remove-identity.js';
import { removeDeadNodes } from './remove-dead-nodes.js';
import { foldBatchNorm } from './fold-batchnorm.js';
import { fuseShiftConv } from './fuse-shift-conv.js';
import { cancelReshapes } from './cancel-reshapes.js';
import { foldAttentionLinear } from './fold-attention-linear.js';

export const ALL_PASSES: readonly Pass[] = [removeIdentity, cancelReshapes, foldBatchNorm, foldAttentionLinear, fuseShiftConv, removeDeadNodes];

export type OptLevel = 0 | 1 | 2;

/** A step that runs on the emitted ONNX model, after the passes, when its target asks for it. */
export interface AfterEmissionStep {
  readonly name: string;
  readonly levels: readonly OptLevel[];
  /** The target that runs it, and the option that may turn it off, as `vnetc passes` shows them. */
  readonly target: string;
  readonly option: string;
  readonly description: string;
}

/** The steps after emission, listed beside the passes (compiler/emit/ort-cpu/nchwc-layout.ts runs the first). */
export const AFTER_EMISSION: readonly AfterEmissionStep[] = [
  {
    name: 'ort-cpu-layout',
    levels: [1, 2],
    target: '--target ort-cpu',
    option: '--cpu-layout blocked',
    description:
      "lay the model out in onnxruntime's NCHWc layout for this CPU; time shifts of whole channel blocks move in it, and online caches of whole blocks stay in it, without reorders",
  },
];

/** Which passes each -O level runs, in order. */
export const LEVELS: Readonly<Record<OptLevel, readonly string[]>> = {
  0: [],
  1: ['remove-identity', 'cancel-reshapes', 'remove-dead-nodes'],
  2: ['remove-identity', 'cancel-reshapes', 'fold-batchnorm', 'fold-attention-linear', 'fuse-shift-conv', 'remove-dead-nodes'],
};

export function passesByName(names: readonly string[]): { passes: Pass[]; unknown: string[] } {
  const passes: Pass[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const pass = ALL_PASSES.find((p) => p.name === name);
    if (pass) passes.push(pass);
    else unknown.push(name);
  }
  return { passes, unknown };
}

export interface PipelineOptions {
  /** Called after every pass that changed the module; returns problems (empty when the IR is sound). */
  readonly verify?: (module: IRModule, after: string) => readonly string[];
  /** Freeze each pass's input, so a pass that mutates it throws (tests, --debug). */
  readonly freeze?: boolean;
  readonly maxRounds?: number;
}

export interface PipelineResult {
  readonly module: IRModule;
  /** Pass names in the order they changed something. */
  readonly applied: string[];
}

/** Runs the passes in order, round after round, until a whole round changes nothing. */
export function runPipeline(module: IRModule, passes: readonly Pass[], ctx: PassContext, options: PipelineOptions = {}): PipelineResult {
  const applied: string[] = [];
  const maxRounds = options.maxRounds ?? 8;
  let current = module;
  for (let round = 0; round < maxRounds; round++) {
    let changed = false;
    for (const pass of passes) {
      // Explanations are wanted once per site, from the first round only.
      const passCtx: PassContext = round === 0 ? ctx : { ...ctx, explain: () => {} };
      const result = pass.run(options.freeze ? frozenModule(current) : current, passCtx);
      if (!result.changed) continue;
      changed = true;
      applied.push(pass.name);
      current = result.module;
      const problems = options.verify?.(current, pass.name) ?? [];
      if (problems.length > 0) throw new Error(`IR verifier failed after ${pass.name}:\n  ${problems.join('\n  ')}`);
    }
    if (!changed) break;
  }
  return { module: current, applied };
}
