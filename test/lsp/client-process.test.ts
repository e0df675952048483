/**
 * `vnetc lsp --stdio --clientProcessId=PID`, as vscode-languageclient starts a server it runs as a Node
 * module: the option is accepted (not a usage error) and the server answers.
 */
import { describe, expect, it } from 'vitest';
import type { Hover } from 'vscode-languageserver-protocol';
import { tempTree } from '../cli/helpers.js';
import { built, main, positionOf, startClient } from './client.js';

const NET = `network tiny(x: f32[N, 8]) -> f32[N, 4] {
  return x |> linear(4) as fc
}
`;

describe.skipIf(!built)('vnetc lsp --clientProcessId', () => {
  it('starts and answers a hover', async () => {
    const dir = await tempTree({ 'tiny.vnet': NET });
    const client = await startClient(undefined, { argv: [main, 'lsp', '--stdio', `--clientProcessId=${process.pid}`], folder: dir });
    try {
      const uri = await client.open(`${dir}/tiny.vnet`, NET);
      const hover = await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(NET, 'linear', 1) });
      expect((hover.contents as { value: string }).value).toContain('output: `f32[N, 4]`');
      expect(client.stderr()).toBe('');
    } finally {
      await client.stop();
    }
  });
});
