import type { Command } from 'commander';
import type { CommandRegistration, ProgramHost } from '../program-host.js';
import { defineCommand } from '../flags/command.js';
import { registerCommand } from '../flags/register.js';

export const PASSES = defineCommand({
  name: 'passes',
  description: 'list the optimization passes and the -O levels that run them',
  args: [],
  flags: {},
});

export const registerPasses: CommandRegistration = (program: Command, host: ProgramHost): void => {
  registerCommand(program, host, PASSES, async (_args, _flags, ctx) => {
    const { passesCommand } = await import('../commands/passes.js');
    return passesCommand(ctx);
  });
};
