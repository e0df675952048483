import type { Command } from 'commander';
import type { CommandRegistration, ProgramHost } from '../program-host.js';
import { globalsOf } from '../options.js';

export const registerPasses: CommandRegistration = (program: Command, host: ProgramHost): void => {
  program
    .command('passes')
    .description('list the optimization passes and the -O levels that run them')
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = host.context(globalsOf(cmd));
      const { passesCommand } = await import('../commands/passes.js');
      host.exit(passesCommand(ctx));
    });
};
