/**
 * 1,000 random edits and requests (seeded) against the real server: half-typed text, garbage, one
 * 5 MB document, positions past the end, cancelled requests. Every request is answered, none with an
 * internal error (a handler that threw), and the server is still up and right at the end.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CancellationTokenSource, ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol';
import { type Client, built, root, startClient } from './client.js';

const STEPS = 1000;
const file = path.join(root, 'examples/tsm_resnet50.vnet');
const original = readFileSync(file, 'utf8');

const SNIPPETS = [
  '',
  'conv2d(',
  ')',
  '(',
  '|>',
  '|> ',
  ' as ',
  'k=',
  'k=0',
  '0',
  '-1',
  '[',
  ']',
  '{',
  '}',
  'let x = ',
  '\n',
  '# c',
  '"',
  '/*',
  'stage',
  'relu',
  ',',
  '=',
  '1/0',
  '99999999999999999999',
  'é',
  '\t',
  'block b(x: f32[B]) -> f32[B] { return x }',
  'import "nope.vnet"',
  'for i in 0..3 {',
  'if T == 8 {',
  'network',
  'const',
  'T',
  'FOLD',
  'x',
  '.',
  '..',
  '->',
  'f32[N, T]',
  '\u0000',
  '😀',
  'as [i]',
];
const METHODS = [
  'textDocument/hover',
  'textDocument/inlayHint',
  'textDocument/definition',
  'textDocument/references',
  'textDocument/completion',
  'textDocument/signatureHelp',
  'textDocument/documentSymbol',
  'textDocument/formatting',
  'textDocument/prepareRename',
  'textDocument/rename',
] as const;

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function position(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - (before.lastIndexOf('\n') + 1) };
}

describe.skipIf(!built)('vnetc lsp --stdio under random edits and requests', () => {
  let c: Client | undefined;
  afterAll(async () => {
    await c?.stop();
  });

  it(`answers every one of ${STEPS} steps and stays up`, async () => {
    c = await startClient();
    const client = c;
    const uri = pathToFileURL(file).href;
    await client.open(file);
    const rnd = random(14);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    let text = original;
    let version = 1;
    let requests = 0;
    let pending: Promise<void>[] = [];
    const failures: string[] = [];
    for (let step = 0; step < STEPS; step++) {
      if (step === STEPS / 2) {
        // One 5 MB document of garbage, then the real text back.
        const big = Array.from({ length: (5 * 1024 * 1024) / 64 }, () => pick(SNIPPETS).padEnd(64, 'x(')).join('');
        await client.change(uri, ++version, big);
        pending.push(ask('textDocument/hover', { position: { line: 0, character: 10 } }, big.length));
        text = original;
        await client.change(uri, ++version, text);
        continue;
      }
      if (step % 40 === 0) {
        // A new round of typing starts from the real file, so most requests see nearly valid text.
        text = original;
        await client.change(uri, ++version, text);
        continue;
      }
      if (rnd() < 0.4) {
        const start = Math.floor(rnd() * (text.length + 1));
        const end = Math.min(text.length, start + Math.floor(rnd() * 20));
        const insert =
          rnd() < 0.8 ? pick(SNIPPETS) : String.fromCharCode(...Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => Math.floor(rnd() * 0x250)));
        const range = { start: position(text, start), end: position(text, end) };
        text = text.slice(0, start) + insert + text.slice(end);
        await client.connection.sendNotification('textDocument/didChange', {
          textDocument: { uri, version: ++version },
          contentChanges: [{ range, text: insert }],
        });
        continue;
      }
      const offset = Math.floor(rnd() * (text.length + 1));
      const at = rnd() < 0.05 ? { line: 10_000, character: 5 } : position(text, offset);
      const method = pick(METHODS);
      const params = {
        position: at,
        range: { start: position(text, Math.max(0, offset - 200)), end: at },
        context: { includeDeclaration: rnd() < 0.5 },
        newName: pick(['Z', 'stage2', 'let', '9x', 'conv2d', '']),
        options: { tabSize: 2, insertSpaces: true },
      };
      pending.push(ask(method, params, text.length));
      if (pending.length >= 25) {
        await Promise.all(pending);
        pending = [];
      }
    }
    await Promise.all(pending);

    async function ask(method: string, params: object, _size: number): Promise<void> {
      requests++;
      const source = new CancellationTokenSource();
      const cancel = requests % 40 === 0;
      const answer = client.connection.sendRequest(method, { textDocument: { uri }, ...params }, source.token);
      if (cancel) source.cancel();
      try {
        await answer;
      } catch (error) {
        const code = error instanceof ResponseError ? error.code : undefined;
        const fine = code === LSPErrorCodes.RequestCancelled || code === ErrorCodes.InvalidParams || code === ErrorCodes.InvalidRequest;
        if (!fine) failures.push(`${method} ${JSON.stringify(params).slice(0, 120)}: ${String(error)}`);
      }
    }

    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(STEPS / 3);
    expect(client.process.exitCode).toBeNull();
    // Still right: the original text checks clean again and hovers show shapes.
    const clean = client.nextDiagnostics(uri, (d) => d.length === 0);
    await client.change(uri, ++version, original);
    await clean;
    const hover = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: position(original, original.indexOf('conv2d(64') + 2),
    })) as { contents: { value: string } };
    expect(hover.contents.value).toContain('112, 112');
    expect(client.stderr()).toBe('');
  }, 120_000);
});
