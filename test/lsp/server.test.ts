/**
 * The acceptance, against the real `vnetc lsp --stdio` over JSON-RPC, on
 * examples/tsm_resnet50.vnet with its lib/resnet.vnet import.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CancellationToken, CancellationTokenSource, LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol';
import type { CompletionItem, Hover, InlayHint, Location, SignatureHelp, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { formatSource } from '../../dsl/format.js';
import { Source } from '../../base/source.js';
import { type Client, built, positionOf, root, startClient } from './client.js';

const file = path.join(root, 'examples/tsm_resnet50.vnet');
const lib = path.join(root, 'examples/lib/resnet.vnet');
const text = readFileSync(file, 'utf8');
const conv1Line = text.split('\n').findIndex((l) => l.includes('conv2d(64, k=7'));

describe.skipIf(!built)('vnetc lsp --stdio on examples/tsm_resnet50.vnet', () => {
  let c: Client;
  let uri: string;
  const request = <R>(method: string, params: object, token?: CancellationToken) =>
    token
      ? c.connection.sendRequest<R>(method, { textDocument: { uri }, ...params }, token)
      : c.connection.sendRequest<R>(method, { textDocument: { uri }, ...params });

  beforeAll(async () => {
    c = await startClient();
    uri = pathToFileURL(file).href;
    const first = c.nextDiagnostics(uri);
    await c.open(file);
    expect(await first).toEqual([]);
  });
  afterAll(async () => {
    await c?.stop();
  });

  it('hover on conv2d of the conv1 line shows its output shape, parameters, MACs and checkpoint name', async () => {
    const hover = await request<Hover>('textDocument/hover', { position: positionOf(text, 'conv2d(64, k=7', 3) });
    const value = (hover.contents as { value: string }).value;
    expect(value).toContain('output: `f32[8*N, 64, 112, 112]`');
    expect(value).toContain('params 9,408');
    expect(value).toContain('`conv1.weight` [64, 3, 7, 7]');
    expect(value).toContain('conv2d(out, k, stride=1, pad=0, dilation=1, groups=1, bias=true)');
    expect(hover.range).toEqual({ start: { line: conv1Line, character: 7 }, end: { line: conv1Line, character: 13 } });
  });

  it('hover on a block call sums what the inlined block made', async () => {
    const hover = await request<Hover>('textDocument/hover', { position: positionOf(text, 'stage(64', 1) });
    const value = (hover.contents as { value: string }).value;
    expect(value).toContain('output: `f32[8*N, 256, 56, 56]`');
    // torchvision's layer1: 215,808 learned parameters (3 bottlenecks with the downsample).
    expect(value).toContain('params 215,808');
    expect(value).toContain('`layer1.0.conv1.weight` [64, 64, 1, 1]');
  });

  it('hover on the network shows its input, output and totals; on a constant, its value', async () => {
    const net = await request<Hover>('textDocument/hover', { position: positionOf(text, 'tsm_resnet50(clip', 2) });
    expect((net.contents as { value: string }).value).toContain('params 24,327,632');
    expect((net.contents as { value: string }).value).toContain('output: `f32[N, 400]`');
    const fold = await request<Hover>('textDocument/hover', { position: positionOf(text, 'fold=FOLD', 6) });
    expect((fold.contents as { value: string }).value).toBe('```vnet\nconst FOLD = 1 / 8\n```\n\nvalue: `0.125`');
  });

  it('hover on an import shows the file it loads', async () => {
    const hover = await request<Hover>('textDocument/hover', { position: positionOf(text, 'lib/resnet', 2) });
    expect((hover.contents as { value: string }).value).toBe(`\`${lib}\``);
  });

  it('inlay hints show the shape after every stage, 56x56 feature maps included', async () => {
    const hints = await request<InlayHint[]>('textDocument/inlayHint', { range: { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } } });
    const labels = hints.map((h) => h.label);
    expect(labels).toContain('f32[8*N, 64, 56, 56]');
    expect(labels).toContain('f32[8*N, 256, 56, 56]');
    expect(labels.at(-1)).toBe('f32[N, 400]');
    expect(hints.find((h) => h.label === 'f32[8*N, 64, 112, 112]')?.position.line).toBe(conv1Line);
  });

  it('go to definition of stage lands on the block in lib/resnet.vnet', async () => {
    const def = await request<Location>('textDocument/definition', { position: positionOf(text, 'stage(128', 2) });
    const libText = readFileSync(lib, 'utf8');
    expect(def).toEqual({ uri: pathToFileURL(lib).href, range: { start: positionOf(libText, 'stage('), end: positionOf(libText, 'stage(', 5) } });
  });

  it('find references of stage: the definition and the four uses', async () => {
    const refs = await request<Location[]>('textDocument/references', { position: positionOf(text, 'stage(64', 1), context: { includeDeclaration: true } });
    expect(refs.filter((r) => r.uri.endsWith('lib/resnet.vnet'))).toHaveLength(1);
    const uses = text.split('\n').flatMap((line, i) => (/\|> stage\(/.test(line) ? [i] : []));
    expect(uses).toHaveLength(4);
    expect(refs.filter((r) => r.uri === uri).map((r) => r.range.start.line)).toEqual(uses);
  });

  it('completion at an operation position offers conv2d with its signature', async () => {
    const items = await request<CompletionItem[]>('textDocument/completion', { position: positionOf(text, 'batchnorm as bn1') });
    const conv2d = items.find((i) => i.label === 'conv2d');
    expect(conv2d?.detail).toBe('conv2d(out, k, stride=1, pad=0, dilation=1, groups=1, bias=true)');
    expect(items.map((i) => i.label)).toContain('stage');
    // A constant cannot stand after `|>` (VN227); it is offered in arguments.
    expect(items.map((i) => i.label)).not.toContain('FOLD');
  });

  it('completion inside a call offers its keyword arguments; after `as`, labels', async () => {
    const args = await request<CompletionItem[]>('textDocument/completion', { position: positionOf(text, 'stride=2, pad=3') });
    expect(args.map((i) => i.label)).toEqual(expect.arrayContaining(['k=', 'stride=', 'pad=', 'bias=']));
    const labels = await request<CompletionItem[]>('textDocument/completion', { position: positionOf(text, 'bn1', 0) });
    expect(labels.map((i) => i.label)).toEqual(expect.arrayContaining(['bn1', 'conv1', 'downsample', 'fc']));
  });

  it('signature help inside conv2d( marks the keyword being written', async () => {
    const help = await request<SignatureHelp>('textDocument/signatureHelp', { position: positionOf(text, 'k=7', 2) });
    const sig = help.signatures[0];
    expect(sig?.label).toBe('conv2d(out, k, stride=1, pad=0, dilation=1, groups=1, bias=true)');
    const active = sig?.parameters?.[help.activeParameter ?? -1]?.label as [number, number];
    expect(sig?.label.slice(active[0], active[1])).toBe('k');
  });

  it('document symbols list the constants and the network', async () => {
    const symbols = await request<{ name: string }[]>('textDocument/documentSymbol', {});
    expect(symbols.map((s) => s.name)).toEqual(['T', 'SIZE', 'CLASSES', 'FOLD', 'tsm_resnet50']);
  });

  it('rename of a constant edits its definition and every use', async () => {
    const edit = await request<WorkspaceEdit>('textDocument/rename', { position: positionOf(text, 'FOLD ='), newName: 'SHIFT_FRACTION' });
    const edits = edit.changes?.[uri] ?? [];
    expect(edits).toHaveLength(5);
    expect(edits.every((e) => e.newText === 'SHIFT_FRACTION')).toBe(true);
    await expect(request('textDocument/rename', { position: positionOf(text, 'FOLD ='), newName: 'let' })).rejects.toThrow(/not a name/);
  });

  it('rename of a block edits it in the library and in every file of the workspace that uses that block', async () => {
    const edit = await request<WorkspaceEdit>('textDocument/rename', { position: positionOf(text, 'stage(64', 1), newName: 'resnet_stage' });
    const counts = Object.fromEntries(Object.entries(edit.changes ?? {}).map(([u, e]) => [path.relative(root, new URL(u).pathname), e.length]));
    expect(counts).toEqual({
      // The moving-square networks (docs/precision.md) build on examples/lib/resnet.vnet too.
      'data/motion/motion.vnet': 4,
      'examples/lib/resnet.vnet': 1,
      'examples/tsm_resnet50.vnet': 4,
      'examples/tsm_resnet50_inplace.vnet': 4,
      'examples/tsm_resnet50_online.vnet': 4,
      'examples/tsn_resnet50.vnet': 4,
      // The conformance fixtures import examples/lib/resnet.vnet too; tsm_mobilenetv2's `stage` is another block.
      'test/fixtures/conformance/tsm_tiny.vnet': 2,
      'test/fixtures/conformance/tsm_tiny_inplace.vnet': 2,
      'test/fixtures/conformance/tsm_tiny_online.vnet': 2,
      'test/fixtures/conformance/tsn_tiny.vnet': 2,
    });
  });

  it('after k=7 becomes k=0, diagnostics carry VN305 on that line', async () => {
    const broken = text.replace('k=7', 'k=0');
    const next = c.nextDiagnostics(uri, (d) => d.length > 0);
    await c.change(uri, 2, broken);
    const diagnostics = await next;
    expect(diagnostics.map((d) => [d.code, d.range.start.line, d.message])).toEqual([[`VN305`, conv1Line, "'k' of 'conv2d' must be positive, found 0"]]);
    const fixed = c.nextDiagnostics(uri, (d) => d.length === 0);
    await c.change(uri, 3, text);
    expect(await fixed).toEqual([]);
  });

  it('while a line is half-typed (the file does not parse), shapes stay on the unchanged text', async () => {
    const typing = text.replace('    |> maxpool(3, stride=2, pad=1)\n', '    |> maxpool(3, stride=2, pad=1)\n    |> conv2d(12, k=\n');
    const broken = c.nextDiagnostics(uri, (d) => d.length > 0);
    await c.change(uri, 4, typing);
    expect((await broken).map((d) => d.code)).toEqual(['VN106', 'VN107']);
    const hover = await request<Hover>('textDocument/hover', { position: positionOf(typing, 'conv2d(64, k=7', 3) });
    expect((hover.contents as { value: string }).value).toContain('output: `f32[8*N, 64, 112, 112]`');
    const hints = await request<InlayHint[]>('textDocument/inlayHint', { range: { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } } });
    const layer4 = hints.find((h) => h.label === 'f32[8*N, 2048, 7, 7]');
    expect(layer4?.position.line).toBe(typing.split('\n').findIndex((l) => l.includes('as layer4')));
    await c.change(uri, 5, text);
  });

  it('formatting returns the edits of the printer vnetc fmt uses', async () => {
    const messy = text.replace('conv2d(64, k=7, stride=2, pad=3, bias=false)', 'conv2d( 64,k=7,stride=2 , pad=3,bias=false )');
    await c.change(uri, 6, messy);
    const edits = await request<TextEdit[]>('textDocument/formatting', { options: { tabSize: 2, insertSpaces: true } });
    expect(edits).toHaveLength(1);
    expect(edits[0]?.newText).toBe(formatSource(new Source(file, messy)).text);
    expect(edits[0]?.newText).toBe(text);
    await c.change(uri, 7, text);
    expect(await request<TextEdit[]>('textDocument/formatting', { options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
  });

  it('an edit in the imported file re-checks its importer, whose diagnostics point into the library', async () => {
    const libUri = pathToFileURL(lib).href;
    const libText = readFileSync(lib, 'utf8');
    await c.open(lib);
    const next = c.nextDiagnostics(libUri, (d) => d.length > 0);
    await c.change(libUri, 2, libText.replace('conv2d(planes, k=3, stride=stride', 'conv2d(planes, k=-3, stride=stride'));
    const found = await next;
    expect(found.map((d) => d.code)).toContain('VN305');
    const clean = c.nextDiagnostics(libUri, (d) => d.length === 0);
    await c.change(libUri, 3, libText);
    await clean;
    const h = await request<Hover>('textDocument/hover', { position: positionOf(text, 'conv2d(64, k=7', 3) });
    expect((h.contents as { value: string }).value).toContain('112, 112');
  });

  it('a handler that fails answers an error response and the server goes on', async () => {
    await expect(c.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: null })).rejects.toThrow(/hover failed/);
    const hover = await request<Hover>('textDocument/hover', { position: positionOf(text, 'conv2d(64, k=7', 3) });
    expect((hover.contents as { value: string }).value).toContain('112, 112');
  });

  it('honours cancellation: a request cancelled while queued is answered RequestCancelled, and the server goes on', async () => {
    const answers = await Promise.allSettled(
      Array.from({ length: 8 }, () => {
        const source = new CancellationTokenSource();
        const answer = request('textDocument/inlayHint', { range: { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } } }, source.token);
        source.cancel();
        return answer;
      }),
    );
    const cancelled = answers.filter((a) => a.status === 'rejected' && a.reason instanceof ResponseError && a.reason.code === LSPErrorCodes.RequestCancelled);
    expect(cancelled.length).toBeGreaterThan(0);
    expect(answers.every((a) => a.status === 'fulfilled' || cancelled.includes(a))).toBe(true);
    const hover = await request<Hover>('textDocument/hover', { position: positionOf(text, 'conv2d(64, k=7', 3) });
    expect((hover.contents as { value: string }).value).toContain('112, 112');
  });
});

describe.skipIf(!built)('vnetc lsp --stdio with constants from initializationOptions', () => {
  it('shows shapes under the overrides, as --set does', async () => {
    const c = await startClient({ set: { T: 16, SIZE: 112 } });
    try {
      const uri = await c.open(file);
      const hover = await c.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'conv2d(64, k=7', 3) });
      expect((hover.contents as { value: string }).value).toContain('output: `f32[16*N, 64, 56, 56]`');
    } finally {
      await c.stop();
    }
  });
});
