import type { Command } from 'commander';
import type { CommandRegistration, ProgramHost } from '../program-host.js';
import { defineCommand } from '../flags/command.js';
import { switchFlag, textFlag } from '../flags/flag.js';
import { registerCommand } from '../flags/register.js';

export const LSP = defineCommand({
  name: 'lsp',
  description: 'run the language server (hover shapes, inlay hints, diagnostics, ...) for editors',
  args: [],
  flags: {
    stdio: switchFlag('--stdio', 'talk LSP over standard input and output'),
    // vscode-languageclient appends it to a server it starts as a Node module; vscode-languageserver reads it itself.
    clientProcessId: textFlag('--clientProcessId <pid>', "exit when the editor's process ends"),
  },
});

export const registerLsp: CommandRegistration = (program: Command, host: ProgramHost): void => {
  registerCommand(program, host, LSP, async (_args, flags, ctx) => {
    const { lspCommand } = await import('../commands/lsp.js');
    return lspCommand(flags, ctx);
  });
};
