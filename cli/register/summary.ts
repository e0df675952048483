import type { Command } from 'commander';
import type { CommandRegistration, ProgramHost } from '../program-host.js';
import { importsFlag, setFlag } from '../options.js';
import { ExitCode } from '../context.js';
import { defineCommand, optionsOf } from '../flags/command.js';
import { textFlag } from '../flags/flag.js';
import { registerCommand } from '../flags/register.js';

export const SUMMARY = defineCommand({
  name: 'summary',
  description:
    'print every layer of a network: output shape, parameters, multiply-accumulates, and totals; for a .onnx model, its contract (precision, calibration, ...) and inputs and outputs',
  args: [{ spelling: '<file>', description: 'the .vnet file, or a compiled .onnx model' }],
  flags: {
    network: textFlag('--network <name>', 'only this network'),
    set: setFlag(),
    allowImportsOutside: importsFlag(),
  },
});

export const registerSummary: CommandRegistration = (program: Command, host: ProgramHost): void => {
  registerCommand(program, host, SUMMARY, async (args, flags, ctx) => {
    const { setOverridesOrReport } = await import('../set-option.js');
    const sets = setOverridesOrReport(flags.set, ctx);
    if (sets === undefined) return ExitCode.Usage;
    const { summaryCommand } = await import('../commands/summary.js');
    const { set: _raw, ...options } = optionsOf(SUMMARY.flags, flags);
    return summaryCommand({ file: args[0] as string, ...options, sets }, ctx);
  });
};
