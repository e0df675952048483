/** The server's state: unsaved text is what the checker reads; a change re-checks only the file and its importers. */
import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../lsp/analysis.js';
import { Workspace } from '../../lsp/workspace.js';
import { tempTree } from '../cli/helpers.js';

const lib = 'block b(x: f32[B, C]) -> f32[B, C] {\n  return x |> relu\n}\n';
const a = 'import "lib.vnet"\nnetwork a(x: f32[N, 4]) -> f32[N, 4] {\n  return x |> b\n}\n';
const c = 'network c(x: f32[N, 4]) -> f32[N, 4] {\n  return x |> relu\n}\n';

async function setup() {
  const root = await tempTree({ 'lib.vnet': lib, 'a.vnet': a, 'c.vnet': c });
  const docs = new Map<string, TextDocument>();
  const open = (name: string, text: string) => {
    const uri = pathToFileURL(path.join(root, name)).href;
    docs.set(uri, TextDocument.create(uri, 'vnet', docs.size + 1, text));
  };
  const ws = new Workspace({ get: (uri) => docs.get(uri), all: () => [...docs.values()] });
  return { root, ws, open, file: (name: string) => path.join(root, name) };
}

describe('Workspace', () => {
  it('checks an open file with the unsaved text of the files it imports', async () => {
    const { ws, open, file } = await setup();
    open('a.vnet', a);
    expect(ws.analysis(file('a.vnet'))?.result.diagnostics).toEqual([]);
    open('lib.vnet', lib.replace('relu', 'rleu'));
    ws.invalidate(file('lib.vnet'));
    expect(ws.analysis(file('a.vnet'))?.result.diagnostics.map((d) => `${d.code} ${path.basename(d.span?.file ?? '')}`)).toEqual(['VN202 lib.vnet']);
  });

  it('a change makes stale only the changed file and the open files that load it', async () => {
    const { ws, open, file } = await setup();
    open('a.vnet', a);
    open('c.vnet', c);
    const before = { a: ws.analysis(file('a.vnet')), c: ws.analysis(file('c.vnet')) };
    expect(ws.invalidate(file('lib.vnet'))).toEqual([file('a.vnet')]);
    expect(ws.analysis(file('c.vnet'))).toBe(before.c);
    expect(ws.analysis(file('a.vnet'))).not.toBe(before.a);
    expect(ws.invalidate(file('c.vnet'))).toEqual([file('c.vnet')]);
  });

  it("an imported file's shapes come from the open files that import it", async () => {
    const { ws, open, file } = await setup();
    open('a.vnet', a);
    open('lib.vnet', lib);
    const [own, importer] = ws.analysesOf(file('lib.vnet'));
    expect(own?.observed.get(file('lib.vnet'))).toBeUndefined();
    expect(importer?.entry).toBe(file('a.vnet'));
    expect(importer?.observed.get(file('lib.vnet'))?.length).toBeGreaterThan(0);
  });

  it('walks the workspace folders once by real path, never through a link, listing only regular .vnet files', async () => {
    const { root, ws, file } = await setup();
    writeFileSync(path.join(root, 'sub.vnet'), c);
    symlinkSync('.', path.join(root, 'loop'));
    symlinkSync('c.vnet', path.join(root, 'link.vnet'));
    execFileSync('mkfifo', [path.join(root, 'pipe.vnet')]);
    ws.folders = [root, path.join(root, 'loop'), root];
    expect(ws.workspaceFiles().sort()).toEqual(['a.vnet', 'c.vnet', 'lib.vnet', 'sub.vnet'].map(file));
  });

  it('reads an open document also through another spelling of its real path', async () => {
    const { root, ws, open, file } = await setup();
    symlinkSync('lib.vnet', path.join(root, 'alias.vnet'));
    open('lib.vnet', lib.replace('relu', 'rleu'));
    open('a.vnet', a.replace('lib.vnet', 'alias.vnet'));
    expect(ws.analysis(file('a.vnet'))?.result.diagnostics.map((d) => `${d.code} ${path.basename(d.span?.file ?? '')}`)).toEqual(['VN202 alias.vnet']);
    // A change of lib.vnet makes a.vnet stale, though a.vnet reads it as alias.vnet.
    expect(ws.invalidate(file('lib.vnet'))).toEqual([file('a.vnet'), file('lib.vnet')]);
  });

  it('a check that throws is one VN230 on its document, with no files, and never escapes', () => {
    const host = {
      readFile: () => undefined,
      realPath: (): string => {
        throw new Error('disk on fire');
      },
    };
    const failed = analyze('/w/a.vnet', a, host);
    expect(failed.result.diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.column} ${d.message}`)).toEqual([
      "VN230 1:1 cannot check '/w/a.vnet': internal error: disk on fire (please report it)",
    ]);
    expect(failed.result.program.modules.size).toBe(0);
  });
});
