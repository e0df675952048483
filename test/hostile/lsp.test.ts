/**
 * Hostile workspaces given to the real language server (`vnetc lsp --stdio`, driven over JSON-RPC as
 * an editor drives it): imports of devices, of the server's own standard input and of files outside the
 * project, a symlink chain that multiplies paths, a document whose check overflows the stack. Every case
 * answers within 10 s, the server stays under 1 GB and keeps answering, and nothing outside changes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Diagnostic, Hover, Location, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { type Client, positionOf, startClient } from '../lsp/client.js';
import { BUILT, IS_ROOT, LIMIT_KB, LIMIT_MS, type Sandbox, removeSandboxes, sandbox, snapshot } from './harness.js';

afterAll(removeSandboxes);

const NET = 'network n(x: f32[1, 4]) {\n  return x |> relu\n}\n';
const LIB = 'block b(x: f32[B, C]) -> f32[B, C] {\n  return x |> relu\n}\n';
const USES_B = 'network n(x: f32[1, 4]) {\n  return x |> b\n}\n';

const running: Client[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) await stop(c);
});

/** A server whose workspace folder (and working directory) is `folder`, with a 1 GB V8 heap. */
async function server(folder: string): Promise<Client> {
  const c = await startClient(undefined, { folder, nodeFlags: ['--max-old-space-size=1024'] });
  running.push(c);
  return c;
}

/** Settles within the hostile suite's 10 s, or fails naming what hung. */
async function within<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${LIMIT_MS} ms`)), LIMIT_MS);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A hung or dead server is killed; a live one is shut down as an editor does. */
async function stop(c: Client): Promise<void> {
  if (c.process.exitCode !== null || c.process.signalCode !== null) return;
  const exited = new Promise((r) => c.process.once('exit', r));
  const timer = setTimeout(() => c.process.kill('SIGKILL'), 3000);
  void c.stop().catch(() => undefined);
  await exited;
  clearTimeout(timer);
}

/** Peak resident memory of the server so far (Linux), in KiB. */
function peakKb(c: Client): number | undefined {
  const status = `/proc/${c.process.pid}/status`;
  if (!existsSync(status)) return undefined;
  const line = readFileSync(status, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  return line ? Number(line.split(/\s+/)[1]) : undefined;
}

/** Opens `rel` (its text from disk) and waits for its first diagnostics. */
async function openAndCheck(c: Client, sb: Sandbox, rel: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const file = path.join(sb.work, rel);
  const uri = pathToFileURL(file).href;
  const published = c.nextDiagnostics(uri);
  await c.open(file);
  return { uri, diagnostics: await within(`diagnostics of ${rel}`, published) };
}

/** What every case keeps: the server is up, answers a hover in a plain file, stayed under 1 GB, changed nothing outside. */
async function expectServerHeld(c: Client, sb: Sandbox, outsideBefore: Record<string, string>): Promise<void> {
  expect(c.process.exitCode, c.stderr()).toBeNull();
  const plain = path.join(sb.work, 'plain-check.vnet');
  writeFileSync(plain, NET);
  const uri = await c.open(plain);
  const hover = await within(
    'hover in a plain file',
    c.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(NET, 'relu', 1) }),
  );
  expect(JSON.stringify(hover?.contents)).toContain('f32[1, 4]');
  const peak = peakKb(c);
  if (peak !== undefined) expect(peak, 'stays under 1 GB').toBeLessThan(LIMIT_KB);
  expect(snapshot(sb.outside), 'nothing outside the work folder changed').toEqual(outsideBefore);
  expect(c.stderr()).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
}

function brief(d: Diagnostic): string {
  const message = typeof d.message === 'string' ? d.message : d.message.value;
  return `${d.range.start.line}:${d.range.start.character} ${String(d.code)} ${message.split('\n')[0]}`;
}

interface ImportCase {
  readonly what: string;
  /** The file a.vnet imports, made by `make`. */
  readonly file: string;
  readonly make: (sb: Sandbox, file: string) => void;
  readonly needsRoot?: boolean;
  /** The one diagnostic on a.vnet (`line:character code message`). */
  readonly expected: (sb: Sandbox) => string;
}

const outsideRoot = (file: string) => (sb: Sandbox) => `0:7 VN010 cannot import '${file}': it is outside the project root '${sb.work}'`;

const IMPORT_CASES: readonly ImportCase[] = [
  {
    what: 'a link to a zero device in the project',
    file: 'link.vnet',
    needsRoot: true,
    make(sb, file) {
      execFileSync('mknod', [path.join(sb.work, 'zero'), 'c', '1', '5']);
      symlinkSync('zero', file);
    },
    expected: () => "0:7 VN008 cannot import 'link.vnet': is a character device, not a regular file",
  },
  {
    what: 'a link to /dev/zero (it leaves the project)',
    file: 'zero.vnet',
    make: (_, file) => symlinkSync('/dev/zero', file),
    expected: outsideRoot('zero.vnet'),
  },
  // /dev/stdin resolves to /proc/self/fd/0, outside the project: refused before it is opened, so the
  // server never reads its own JSON-RPC input.
  { what: 'a link to /dev/stdin', file: 'in.vnet', make: (_, file) => symlinkSync('/dev/stdin', file), expected: outsideRoot('in.vnet') },
  {
    what: 'a FIFO',
    file: 'pipe.vnet',
    make: (_, file) => execFileSync('mkfifo', [file]),
    expected: () => "0:7 VN008 cannot import 'pipe.vnet': is a FIFO, not a regular file",
  },
];

describe.skipIf(!BUILT)('the language server reads imports as the CLI does', () => {
  for (const c of IMPORT_CASES) {
    it.skipIf(c.needsRoot === true && !IS_ROOT)(`an import of ${c.what} is a diagnostic on the import, at once`, async () => {
      const sb = sandbox({ 'a.vnet': `import "${c.file}"\n${NET}` });
      c.make(sb, path.join(sb.work, c.file));
      const before = snapshot(sb.outside);
      const lsp = await server(sb.work);
      const { diagnostics } = await openAndCheck(lsp, sb, 'a.vnet');
      expect(diagnostics.map(brief)).toEqual([c.expected(sb)]);
      await expectServerHeld(lsp, sb, before);
    });
  }
});

/** The `x -> .`, `y -> .` chain: 2^30 spellings of 32 files. */
function symlinkChain(): Sandbox {
  const files: Record<string, string> = {};
  for (let i = 0; i < 30; i++) files[`f${i}.vnet`] = `import "x/f${i + 1}.vnet"\nimport "y/f${i + 1}.vnet"\n`;
  files['f30.vnet'] = 'const C = 1\n';
  files['main.vnet'] = `import "f0.vnet"\nimport "x/main.vnet"\n${NET}`;
  files['u.vnet'] = 'const U = 4\nnetwork u(x: f32[1, U]) {\n  return x |> relu\n}\n';
  const sb = sandbox(files);
  symlinkSync('.', path.join(sb.work, 'x'));
  symlinkSync('.', path.join(sb.work, 'y'));
  return sb;
}

describe.skipIf(!BUILT)('the language server walks the workspace cycle-safe and bounded', () => {
  it('the x -> . / y -> . chain: each file is loaded once, the cycle through a link is a cycle', async () => {
    const sb = symlinkChain();
    const before = snapshot(sb.outside);
    const c = await server(sb.work);
    const { diagnostics } = await openAndCheck(c, sb, 'main.vnet');
    expect(diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)}`)).toEqual(['1:7 VN204']);
    await expectServerHeld(c, sb, before);
  });

  it('find references from an unrelated file answers at once over the same workspace', async () => {
    const sb = symlinkChain();
    const before = snapshot(sb.outside);
    const c = await server(sb.work);
    const { uri } = await openAndCheck(c, sb, 'u.vnet');
    const text = readFileSync(path.join(sb.work, 'u.vnet'), 'utf8');
    const refs = await within(
      'references',
      c.connection.sendRequest<Location[]>('textDocument/references', {
        textDocument: { uri },
        position: positionOf(text, 'U ='),
        context: { includeDeclaration: true },
      }),
    );
    expect(refs.map((r) => `${path.basename(new URL(r.uri).pathname)} ${r.range.start.line}:${r.range.start.character}`)).toEqual([
      'u.vnet 0:6',
      'u.vnet 1:20',
    ]);
    await expectServerHeld(c, sb, before);
  });
});

describe.skipIf(!BUILT)('the language server stays in the project', () => {
  it('an import that leaves the project is VN010 on the import; definition does not follow it', async () => {
    const sb = sandbox({ 'a.vnet': `import "../outside/lib.vnet"\n${USES_B}`, 'b.vnet': `import "ext.vnet"\n${USES_B}` });
    writeFileSync(path.join(sb.outside, 'lib.vnet'), LIB);
    symlinkSync('../outside/lib.vnet', path.join(sb.work, 'ext.vnet'));
    const before = snapshot(sb.outside);
    const c = await server(sb.work);
    for (const [rel, written] of [
      ['a.vnet', '../outside/lib.vnet'],
      ['b.vnet', 'ext.vnet'],
    ] as const) {
      const { uri, diagnostics } = await openAndCheck(c, sb, rel);
      expect(diagnostics.map(brief)[0]).toBe(`0:7 VN010 cannot import '${written}': it is outside the project root '${sb.work}'`);
      const text = readFileSync(path.join(sb.work, rel), 'utf8');
      for (const needle of [written, '|> b']) {
        const at = positionOf(text, needle, needle === written ? 2 : 3);
        const def = await within('definition', c.connection.sendRequest<Location | null>('textDocument/definition', { textDocument: { uri }, position: at }));
        expect(def, `definition at '${needle}' in ${rel}`).toBeNull();
      }
    }
    await expectServerHeld(c, sb, before);
  });

  it('rename never edits a file outside the project, even one the workspace walk finds', async () => {
    // The workspace folder is the sandbox root, so the walk sees outside/ too; outside/ belongs to
    // another project (root/package.json), whose user.vnet may import the work project's library.
    const sb = sandbox({ 'lib.vnet': LIB, 'a.vnet': `import "lib.vnet"\n${USES_B}` });
    writeFileSync(path.join(sb.root, 'package.json'), '{}\n');
    writeFileSync(path.join(sb.outside, 'user.vnet'), `import "../work/lib.vnet"\n${USES_B}`);
    const before = snapshot(sb.outside);
    const c = await server(sb.root);
    const { uri } = await openAndCheck(c, sb, 'a.vnet');
    const text = readFileSync(path.join(sb.work, 'a.vnet'), 'utf8');
    const edit = await within(
      'rename',
      c.connection.sendRequest<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: positionOf(text, '|> b', 3), newName: 'blk' }),
    );
    expect(
      Object.keys(edit.changes ?? {})
        .map((u) => path.relative(sb.root, new URL(u).pathname))
        .sort(),
    ).toEqual(['work/a.vnet', 'work/lib.vnet']);
    const refs = await within(
      'references',
      c.connection.sendRequest<Location[]>('textDocument/references', {
        textDocument: { uri },
        position: positionOf(text, '|> b', 3),
        context: { includeDeclaration: true },
      }),
    );
    expect(refs.every((r) => new URL(r.uri).pathname.startsWith(`${sb.work}/`))).toBe(true);
    await expectServerHeld(c, sb, before);
  });
});

describe.skipIf(!BUILT)('long chains in the language server', () => {
  it('a 10,000-term constant and tensor sum: diagnostics, hover, references, formatting', async () => {
    const terms = (t: string) => Array.from({ length: 10_000 }, () => t).join(' + ');
    // Written as fmt writes it (a pipeline too long for one line has a stage per line).
    const text = `const C = ${terms('1')}\n\nnetwork n(x: f32[1, C]) {\n  return ${terms('x')}\n    |> relu\n}\n`;
    const sb = sandbox({ 'long.vnet': text });
    const before = snapshot(sb.outside);
    const c = await server(sb.work);
    const { uri, diagnostics } = await openAndCheck(c, sb, 'long.vnet');
    expect(diagnostics).toEqual([]);
    const ask = <R>(method: string, params: object) => within(method, c.connection.sendRequest<R>(method, { textDocument: { uri }, ...params }));
    const hover = await ask<Hover | null>('textDocument/hover', { position: positionOf(text, 'relu', 1) });
    expect(JSON.stringify(hover?.contents)).toContain('f32[1, 10000]');
    const refs = await ask<Location[]>('textDocument/references', { position: positionOf(text, 'C ='), context: { includeDeclaration: true } });
    expect(refs.map((r) => `${r.range.start.line}:${r.range.start.character}`)).toEqual(['0:6', '2:20']);
    expect(await ask<unknown[]>('textDocument/formatting', { options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
    await expectServerHeld(c, sb, before);
  });
});

describe.skipIf(!BUILT)('one document cannot break the others', () => {
  it('a document whose check overflows the stack gets one diagnostic; hover works in the others', async () => {
    // Each limit holds (199 constants waiting on one another, 120 prefix operators each), together
    // they nest 24,000 evaluations deep.
    const minus = '-'.repeat(120);
    const deep = `${Array.from({ length: 199 }, (_, i) => `const C${i} = ${minus}C${i + 1}`).join('\n')}\nconst C199 = 1\n${NET}`;
    const sb = sandbox({ 'deep.vnet': deep, 'a.vnet': NET });
    const before = snapshot(sb.outside);
    const c = await server(sb.work);
    const { diagnostics } = await openAndCheck(c, sb, 'deep.vnet');
    expect(diagnostics.map(brief)).toEqual([`0:0 VN230 cannot check '${path.join(sb.work, 'deep.vnet')}': it nests too deeply (the checker ran out of stack)`]);
    const { uri, diagnostics: own } = await openAndCheck(c, sb, 'a.vnet');
    expect(own).toEqual([]);
    const hover = await within(
      'hover',
      c.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(NET, 'relu', 1) }),
    );
    expect(JSON.stringify(hover?.contents)).toContain('f32[1, 4]');
    await expectServerHeld(c, sb, before);
  });
});
