import type { Command } from 'commander';
import type { CommandRegistration, ProgramHost } from '../program-host.js';
import { collect, globalsOf } from '../options.js';
import { ExitCode } from '../context.js';

export const registerSummary: CommandRegistration = (program: Command, host: ProgramHost): void => {
  program
    .command('summary')
    .description('print every layer of a network: output shape, parameters, multiply-accumulates, and totals; for a .onnx model, its contract (precision, calibration, ...) and inputs and outputs')
    .argument('<file>', 'the .vnet file, or a compiled .onnx model')
    .option('--network <name>', 'only this network')
    .option('--set <NAME=VALUE>', 'override a top-level constant (repeatable)', collect, [])
    .option('--allow-imports-outside', 'let imports read files outside the project root (see README: Security)', false)
    .action(async (file: string, opts: { network?: string; set: string[]; allowImportsOutside: boolean }, cmd: Command) => {
      const ctx = host.context(globalsOf(cmd));
      const { setOverridesOrReport } = await import('../set-option.js');
      const sets = setOverridesOrReport(opts.set, ctx);
      if (sets === undefined) return host.exit(ExitCode.Usage);
      const { summaryCommand } = await import('../commands/summary.js');
      host.exit(await summaryCommand({ file, sets: sets, allowImportsOutside: opts.allowImportsOutside, ...(opts.network !== undefined ? { network: opts.network } : {}) }, ctx));
    });
};
