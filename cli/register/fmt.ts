import type { Command } from 'commander';
import type { CommandRegistration, ProgramHost } from '../program-host.js';
import { defineCommand } from '../flags/command.js';
import { switchFlag } from '../flags/flag.js';
import { registerCommand } from '../flags/register.js';

export const FMT = defineCommand({
  name: 'fmt',
  description: 'rewrite .vnet files in canonical layout (directories are searched for *.vnet)',
  args: [{ spelling: '<paths...>', description: '.vnet files or directories' }],
  flags: {
    check: switchFlag('--check', 'write nothing; exit 1 if a file is not formatted'),
  },
});

export const registerFmt: CommandRegistration = (program: Command, host: ProgramHost): void => {
  registerCommand(program, host, FMT, async (args, flags, ctx) => {
    const { runFmt } = await import('../commands/fmt.js');
    return runFmt({ paths: args[0] as string[], check: flags.check }, ctx);
  });
};
