import { AFTER_EMISSION, ALL_PASSES, LEVELS, type OptLevel } from '../../compiler/passes/pipeline.js';
import { type CliContext, ExitCode } from '../context.js';

/** `vnetc passes`: every pass with the -O levels that run it, then the steps after emission, from the pipeline's tables. */
export function passesCommand(ctx: CliContext): number {
  const width = Math.max(...ALL_PASSES.map((p) => p.name.length), ...AFTER_EMISSION.map((s) => s.name.length));
  const levelsOf = (levels: readonly OptLevel[]) => levels.map((l) => `-O${l}`).join(' ');
  const passLevels = (name: string) => ([0, 1, 2] as const).filter((l) => LEVELS[l].includes(name));
  for (const p of ALL_PASSES) ctx.stdout(`${p.name.padEnd(width)}  ${levelsOf(passLevels(p.name)).padEnd(8)}  ${p.description}\n`);
  for (const step of AFTER_EMISSION) {
    ctx.stdout(`\nafter the passes, with ${step.target} (${levelsOf(step.levels)}, ${step.option}):\n`);
    ctx.stdout(`${step.name.padEnd(width)}  ${''.padEnd(8)}  ${step.description}\n`);
  }
  return ExitCode.Ok;
}
