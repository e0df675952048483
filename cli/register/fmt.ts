import type { Command } from 'commander';
import type { CommandRegistration, ProgramHost } from '../program-host.js';
import { globalsOf } from '../options.js';

export const registerFmt: CommandRegistration = (program: Command, host: ProgramHost): void => {
  program
    .command('fmt')
    .description('rewrite .vnet files in canonical layout (directories are searched for *.vnet)')
    .argument('<paths...>', '.vnet files or directories')
    .option('--check', 'write nothing; exit 1 if a file is not formatted', false)
    .action(async (paths: string[], opts: { check: boolean }, cmd: Command) => {
      const { runFmt } = await import('../commands/fmt.js');
      host.exit(await runFmt({ paths, check: opts.check }, host.context(globalsOf(cmd))));
    });
};
