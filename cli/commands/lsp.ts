/**
 * `vnetc lsp --stdio`: the language server on standard input and output. Nothing else may write to
 * stdout (it carries the protocol); problems the server cannot answer are logged to the client, and an
 * error nobody caught is written to stderr without stopping the server.
 */
import type { CliContext } from '../context.js';
import { ExitCode } from '../context.js';

export async function lspCommand(options: { stdio: boolean }, ctx: CliContext): Promise<number> {
  if (!options.stdio) {
    ctx.stderr('vnetc lsp: only --stdio is supported (the editor starts `vnetc lsp --stdio`)\n');
    return ExitCode.Usage;
  }
  process.on('uncaughtException', (error) => void process.stderr.write(`vnetc lsp: ${error.stack ?? error.message}\n`));
  process.on('unhandledRejection', (reason) => void process.stderr.write(`vnetc lsp: ${String(reason)}\n`));
  const { startStdioServer } = await import('../../lsp/server.js');
  const connection = startStdioServer(process.stdin, process.stdout);
  // The client's `exit` notification ends the process (vscode-languageserver calls process.exit); until then, serve.
  await new Promise<void>((resolve) => connection.onExit(() => resolve()));
  return ExitCode.Ok;
}
