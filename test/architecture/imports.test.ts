import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Which modules each module may import from. Data flows one way: text (dsl), the compiler, the model
 * contract it writes (contract), onnxruntime access (ort), the runtimes that read the contract, and the
 * command line over all of them. io/ (bounded reads, the one atomic write, escaping) sits under everything. base/ (diagnostics, spans,
 * sources, Result, package files) sits under dsl/ and compiler/: dsl/ never imports compiler/. A module always may import from itself; a file belongs to the longest key its path starts with.
 */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  io: [],
  // The one Result type: pure TypeScript, so the layers node and the page share may use it too.
  'base/result': [],
  contract: ['base/result'],
  // Shared by node and the page: pure TypeScript over the contract (checked below: nothing of Node or the DOM).
  portable: ['contract', 'base/result'],
  ort: ['io'],
  // Diagnostics (codes, registry, spans, sources), the one Result type and the package's own files: under
  // everything but io/, so the parser and the compiler share them without importing each other's code.
  base: ['base/result', 'io'],
  dsl: ['base', 'base/result', 'io'],
  compiler: ['dsl', 'base', 'base/result', 'contract', 'ort', 'io'],
  streaming: ['contract', 'portable', 'base/result'],
  runtime: ['contract', 'portable', 'ort', 'streaming', 'base', 'base/result', 'io'],
  serve: ['contract', 'base', 'base/result', 'io'],
  lsp: ['dsl', 'compiler', 'base', 'base/result', 'contract', 'io'],
  web: ['contract', 'portable', 'streaming', 'base/result'],
  // The build step that bundles the page (node, at `npm run build`): it writes dist/web through io/.
  'web/bundle-page': ['web', 'io'],
  // The site writer and server run in node (the page under web/page does not): they write and read through io/.
  'web/site': ['web', 'contract', 'portable', 'streaming', 'base', 'base/result', 'io'],
  cli: ['dsl', 'compiler', 'base', 'base/result', 'contract', 'portable', 'ort', 'runtime', 'streaming', 'web', 'web/site', 'lsp', 'bench', 'serve', 'io'],
  bench: ['dsl', 'compiler', 'base', 'base/result', 'contract', 'portable', 'ort', 'runtime', 'streaming', 'web', 'web/site', 'io'],
};

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') && !full.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every relative module specifier of a file: static imports, re-exports and dynamic import(). */
function importedPaths(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)'(\.{1,2}\/[^']+)'/gm)].map((m) => m[1] as string);
  return specifiers.map((s) => resolve(dirname(file), s));
}

/** The module a path belongs to: the longest key of ALLOWED its path starts with, else its top folder. */
function moduleOf(path: string): string {
  const rel = relative(ROOT, path)
    .split(sep)
    .join('/')
    .replace(/\.(js|ts)$/, '');
  const keys = Object.keys(ALLOWED).filter((k) => rel === k || rel.startsWith(`${k}/`));
  return keys.sort((a, b) => b.length - a.length)[0] ?? rel.split('/')[0] ?? '';
}

function allFiles(): string[] {
  const tops = [...new Set(Object.keys(ALLOWED).map((k) => k.split('/')[0] as string))];
  return tops.flatMap((top) => {
    try {
      return sourceFiles(join(ROOT, top));
    } catch {
      return [];
    }
  });
}

/** Every import arrow that leaves its module: `compiler/emit/x.ts -> runtime`. */
function arrows(): { from: string; folder: string; to: string }[] {
  return allFiles().flatMap((file) => {
    const folder = moduleOf(file);
    return importedPaths(file)
      .map((target) => ({ from: relative(ROOT, file), folder, to: moduleOf(target) }))
      .filter((a) => a.to !== a.folder);
  });
}

describe('import directions', () => {
  it('every import between top-level folders runs a way the table allows', () => {
    const wrong = arrows()
      .filter((a) => !(ALLOWED[a.folder] ?? []).includes(a.to))
      .map((a) => `${a.from} -> ${a.to}/`);
    expect(wrong).toEqual([]);
  });

  it('the check sees real arrows (it is not vacuous)', () => {
    const seen = new Set(arrows().map((a) => `${a.folder}->${a.to}`));
    expect(seen).toContain('compiler->dsl');
    expect(seen).toContain('dsl->base');
    expect(seen).toContain('compiler->base');
    expect(seen).toContain('runtime->contract');
    expect(seen).toContain('compiler->contract');
    expect(seen).toContain('runtime->ort');
    expect(seen).toContain('serve->contract');
    expect(seen).toContain('cli->serve');
    expect(seen).toContain('runtime->streaming');
    expect(seen).toContain('streaming->contract');
    expect(seen).toContain('web->streaming');
    expect(seen).toContain('web->portable');
    expect(seen).toContain('runtime->portable');
    expect(seen).toContain('streaming->portable');
  });

  it('what node and the page share (contract/, portable/, streaming/) imports nothing of Node, no package and no DOM', () => {
    const shared = allFiles().filter((file) => ['contract', 'portable', 'streaming'].includes(moduleOf(file)));
    expect(shared.length).toBeGreaterThan(20);
    const outside = shared.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      const packages = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)'([^.'][^']*)'/gm)].map((m) => m[1] as string);
      const dom = [...text.matchAll(/\b(document|window|navigator|HTMLElement|HTMLCanvasElement|globalThis|process|Buffer|require)\b[.(]/g)].map(
        (m) => m[1] as string,
      );
      return [...packages, ...dom].map((what) => `${relative(ROOT, file)}: ${what}`);
    });
    expect(outside).toEqual([]);
  });

  it('onnxruntime-node is imported only by ort/ort.ts', () => {
    const importers = allFiles()
      .filter((file) => /from\s+'onnxruntime-node'|import\(\s*'onnxruntime-node'/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    expect(importers).toEqual([join('ort', 'ort.ts')]);
  });

  it('the optional runtime libraries are loaded lazily, each by its one loader (a lean install has none)', () => {
    // A static value import loads the package with the module; only the browser page (bundled) may.
    const staticImport = (pkg: string) => new RegExp(`^import\\s+(?!type\\b)[^;]*from\\s+'${pkg}'`, 'm');
    const loaders: Record<string, { lazy: RegExp; by: string[] }> = {
      'onnxruntime-node': { lazy: /import\(\s*'onnxruntime-node'\s*\)/, by: [join('ort', 'ort.ts')] },
      'onnxruntime-web': { lazy: /resolveOptional\(\s*'onnxruntime-web'/, by: [join('web', 'site', 'write-site.ts')] },
      esbuild: { lazy: /import\(\s*'esbuild'\s*\)/, by: [join('web', 'bundle-page.ts')] },
    };
    for (const [pkg, loader] of Object.entries(loaders)) {
      const files = allFiles().filter((file) => !relative(ROOT, file).startsWith(join('web', 'page')));
      const eager = files.filter((file) => staticImport(pkg).test(readFileSync(file, 'utf8'))).map((file) => relative(ROOT, file));
      expect(eager, pkg).toEqual([]);
      const lazy = files.filter((file) => loader.lazy.test(readFileSync(file, 'utf8'))).map((file) => relative(ROOT, file));
      expect(lazy, pkg).toEqual(loader.by);
    }
    // The page (bundled) imports onnxruntime-web's build for its execution provider when it runs: each its own chunk.
    const session = readFileSync(join(ROOT, 'web', 'page', 'web-session.ts'), 'utf8');
    expect(session).toMatch(/import\('onnxruntime-web\/wasm'\)/);
    expect(session).toMatch(/import\('onnxruntime-web'\)/);
    expect(staticImport('onnxruntime-web').test(session)).toBe(false);
  });

  it("docs/development.md's module table names every top-level module of this table", () => {
    const page = readFileSync(join(ROOT, 'docs', 'development.md'), 'utf8');
    const rows = page.split('\n').filter((l) => l.startsWith('| `'));
    const documented = new Set(rows.flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([a-z-]+)\/`/g)].map((m) => m[1] as string)));
    const modules = [...new Set(Object.keys(ALLOWED).map((k) => k.split('/')[0] as string))];
    expect(modules.filter((m) => !documented.has(m))).toEqual([]);
  });
});
