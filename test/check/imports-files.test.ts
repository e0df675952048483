import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkProgram } from '../../compiler/check/check-program.js';
import { fileHost } from '../../compiler/check/file-host.js';
import { findProjectRoot } from '../../compiler/check/project-root.js';
import { formatPretty } from '../../base/diagnostics/formats/pretty.js';

const dirs: string[] = [];
/** A temp project: `files` by relative path; a marker file makes `root` the project root. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vnet-imports-'));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const isRoot = process.getuid?.() === 0;

const NET = 'network n(x: f32[1, 4]) {\n  return x |> relu\n}\n';

function check(dir: string, entry: string, allowOutside = false) {
  const result = checkProgram(entry, {
    host: fileHost(dir),
    importRoot: allowOutside ? null : findProjectRoot(entry, dir),
  });
  return { codes: result.diagnostics.map((d) => `${d.code} ${d.message}`), text: formatPretty(result.diagnostics, result.sources) };
}

describe('imports are files identified by their real path', () => {
  it('an import cycle through a symbolic link is reported as a cycle', () => {
    const dir = project({ 'vnet.json': '{}', 'a.vnet': `import "l/a.vnet"\n${NET}` });
    symlinkSync('.', path.join(dir, 'l'));
    expect(check(dir, 'a.vnet').codes).toEqual(['VN204 import cycle: a.vnet -> a.vnet']);
  });

  it('two `-> .` links do not make the import graph explode (each file is loaded once)', () => {
    const files: Record<string, string> = { 'vnet.json': '{}' };
    const depth = 24; // 2^24 spellings if files were keyed by spelling
    for (let i = 0; i < depth; i++) files[`f${i}.vnet`] = `import "x/f${i + 1}.vnet"\nimport "y/f${i + 1}.vnet"\nconst C${i} = ${i}\n`;
    files[`f${depth}.vnet`] = `const C${depth} = ${depth}\n`;
    files['main.vnet'] = `import "f0.vnet"\n${NET}`;
    const dir = project(files);
    symlinkSync('.', path.join(dir, 'x'));
    symlinkSync('.', path.join(dir, 'y'));
    const start = Date.now();
    const result = checkProgram('main.vnet', { host: fileHost(dir), importRoot: findProjectRoot('main.vnet', dir) });
    expect(Date.now() - start).toBeLessThan(5000);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.sources.size).toBe(depth + 2);
  });

  it('an import outside the project root is refused unless allowed; a non-.vnet file is never echoed', () => {
    const outer = project({ 'secret.txt': 'root:x:0:0:TOPSECRET\n' });
    mkdirSync(path.join(outer, 'repo'));
    writeFileSync(path.join(outer, 'repo', '.git'), '');
    writeFileSync(path.join(outer, 'repo', 'main.vnet'), `import "../secret.txt"\n${NET}`);
    const dir = path.join(outer, 'repo');
    const refused = check(dir, 'main.vnet');
    expect(refused.codes).toHaveLength(1);
    expect(refused.codes[0]).toMatch(/^VN010 cannot import '\.\.\/secret\.txt': it is outside the project root '.*repo'$/);
    const allowed = check(dir, 'main.vnet', true);
    expect(allowed.codes).toEqual(["VN009 '../secret.txt' is not a .vnet file and does not parse as one (its text is not shown)"]);
    expect(allowed.text).not.toContain('TOPSECRET');
    expect(allowed.text).not.toContain('root:x');
  });

  it('a committed symlink named .vnet that points outside the project is refused before reading', () => {
    const outer = project({ 'secret.txt': 'TOPSECRET\n' });
    mkdirSync(path.join(outer, 'repo'));
    writeFileSync(path.join(outer, 'repo', 'package.json'), '{}');
    symlinkSync('../secret.txt', path.join(outer, 'repo', 'evil.vnet'));
    writeFileSync(path.join(outer, 'repo', 'main.vnet'), `import "evil.vnet"\n${NET}`);
    const result = check(path.join(outer, 'repo'), 'main.vnet');
    expect(result.codes[0]).toMatch(/^VN010 cannot import 'evil\.vnet'/);
    expect(result.text).not.toContain('TOPSECRET');
  });

  it('an import of a FIFO is refused at once (it would block forever)', () => {
    const dir = project({ 'vnet.json': '{}', 'main.vnet': `import "pipe.vnet"\n${NET}` });
    execFileSync('mkfifo', [path.join(dir, 'pipe.vnet')]);
    expect(check(dir, 'main.vnet').codes).toEqual(["VN008 cannot import 'pipe.vnet': is a FIFO, not a regular file"]);
  });

  it.skipIf(!isRoot)('an import of a zero device (mknod in the temp folder) is refused before reading', () => {
    const dir = project({ 'vnet.json': '{}', 'main.vnet': `import "zero"\n${NET}` });
    execFileSync('mknod', [path.join(dir, 'zero'), 'c', '1', '5']);
    expect(check(dir, 'main.vnet').codes).toEqual(["VN008 cannot import 'zero': is a character device, not a regular file"]);
  });

  it('a .vnet import over 16 MiB is refused before reading (VN006)', () => {
    const dir = project({ 'vnet.json': '{}', 'main.vnet': `import "big.vnet"\n${NET}` });
    writeFileSync(path.join(dir, 'big.vnet'), Buffer.alloc(16 * 1024 * 1024 + 1, 0x20));
    expect(check(dir, 'main.vnet').codes).toEqual(["VN006 'big.vnet' is 16777217 bytes; the limit for a .vnet file is 16777216 bytes"]);
  });

  it('the project root is the nearest folder with vnet.json, package.json or .git, else the entry folder', () => {
    const dir = project({ 'a/b/main.vnet': NET, 'a/package.json': '{}', 'c/main.vnet': NET });
    expect(findProjectRoot('a/b/main.vnet', dir)).toBe(path.join(dir, 'a'));
    expect(findProjectRoot('c/main.vnet', dir)).toBe(path.join(dir, 'c'));
  });
});
