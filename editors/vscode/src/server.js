// The language server bundled with the extension (server/vnet-lsp.js): `vnetc lsp --stdio` from this
// repository's sources, so the extension works in any folder, with no npm project around.
import { lspCommand } from '../../../cli/commands/lsp.ts';

const ctx = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  color: false,
  debug: false,
  cwd: process.cwd(),
};
lspCommand({ stdio: true }, ctx).then((code) => {
  process.exitCode = code;
});
