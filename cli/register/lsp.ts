import type { Command } from 'commander';
import type { CommandRegistration, ProgramHost } from '../program-host.js';
import { globalsOf } from '../options.js';

export const registerLsp: CommandRegistration = (program: Command, host: ProgramHost): void => {
  program
    .command('lsp')
    .description('run the language server (hover shapes, inlay hints, diagnostics, ...) for editors')
    .option('--stdio', 'talk LSP over standard input and output', false)
    // vscode-languageclient appends it to a server it starts as a Node module; vscode-languageserver reads it itself.
    .option('--clientProcessId <pid>', "exit when the editor's process ends")
    .action(async (opts: { stdio: boolean }, cmd: Command) => {
      const { lspCommand } = await import('../commands/lsp.js');
      host.exit(await lspCommand(opts, host.context(globalsOf(cmd))));
    });
};
