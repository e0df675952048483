/**
 * Keystroke to diagnostics in the language server: starts `vnetc lsp --stdio` (dist/), opens
 * examples/tsm_resnet50.vnet, then types one character at a time (`blocks=3` <-> `blocks=2` in layer1,
 * a change that re-elaborates the whole network) and times each edit until the server publishes the
 * file's diagnostics. The time includes the server's debounce and the JSON-RPC round trip.
 * Run: `npm run bench:lsp` (or `node dist/bench/lsp-keystroke.js --runs 50`).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PublishDiagnosticsNotification, StreamMessageReader, StreamMessageWriter, createProtocolConnection } from 'vscode-languageserver-protocol/node';
import { intFlag, median } from './stats.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const vnetc = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const file = fileURLToPath(new URL('../../examples/tsm_resnet50.vnet', import.meta.url));
const WARMUPS = 5;

async function measure(): Promise<number> {
  if (!existsSync(vnetc)) {
    process.stderr.write(`lsp-keystroke: ${vnetc} not found; run \`npm run build\` first\n`);
    return 2;
  }
  const runs = intFlag('--runs', 50);
  const child = spawn(process.execPath, [vnetc, 'lsp', '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const uri = pathToFileURL(file).href;
  let published: ((count: number) => void) | undefined;
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    if (p.uri === uri) published?.(p.diagnostics.length);
  });
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(root).href, capabilities: {} });
  await connection.sendNotification('initialized', {});
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf('blocks=3') + 'blocks='.length;
  const line = text.slice(0, at).split('\n').length - 1;
  const character = at - (text.lastIndexOf('\n', at - 1) + 1);
  const next = () => new Promise<number>((resolve) => (published = resolve));

  const opened = next();
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'vnet', version: 1, text } });
  await opened;
  const times: number[] = [];
  let version = 1;
  for (let i = 0; i < WARMUPS + runs; i++) {
    const digit = i % 2 === 0 ? '2' : '3';
    const start = performance.now();
    const done = next();
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: ++version },
      contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: digit }],
    });
    const errors = await done;
    if (errors !== 0) throw new Error(`unexpected diagnostics after typing '${digit}'`);
    if (i >= WARMUPS) times.push(performance.now() - start);
  }
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  connection.dispose();
  const sorted = [...times].sort((a, b) => a - b);
  const p90 = sorted[Math.floor(0.9 * (sorted.length - 1))] ?? 0;
  process.stdout.write(
    `lsp keystroke -> diagnostics, examples/tsm_resnet50.vnet: median ${median(times).toFixed(1)} ms ` +
      `(p90 ${p90.toFixed(1)}, min ${(sorted[0] ?? 0).toFixed(1)}, max ${(sorted[sorted.length - 1] ?? 0).toFixed(1)}) over ${runs} keystrokes\n`,
  );
  return 0;
}

measure().then(
  (code) => void (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`lsp-keystroke: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
