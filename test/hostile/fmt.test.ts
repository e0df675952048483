/**
 * `vnetc fmt` of folders and links: a committed symlink named `*.vnet` that leads out of the project
 * is refused as `check` refuses it (VN010), never rewritten; every write goes through the atomic
 * writer (a hard link keeps the old text). See harness.ts.
 */
import { linkSync, lstatSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT, expectRefused, removeSandboxes, sandbox, snapshot, vnetc } from './harness.js';

afterAll(removeSandboxes);

const MESSY = 'network n(x: f32[1, 4]) {\nreturn x |> relu\n}\n';
const TIDY = 'network n(x: f32[1, 4]) {\n  return x |> relu\n}\n';

describe.skipIf(!BUILT)('fmt of folders and links', () => {
  it('fmt DIR: a `*.vnet` link out of the project is refused (VN010), the rest formatted, the target unchanged', () => {
    const sb = sandbox({ 'd/a.vnet': MESSY });
    writeFileSync(path.join(sb.outside, 'x.vnet'), MESSY);
    symlinkSync('../../outside/x.vnet', path.join(sb.work, 'd', 'link.vnet'));
    const before = snapshot(sb.outside);
    const ran = vnetc(sb, ['fmt', 'd']);
    expect(expectRefused(ran, sb, before, [1])).toBe(`error VN010: cannot format 'd/link.vnet': it is outside the project root '${sb.work}'`);
    expect(readFileSync(path.join(sb.work, 'd', 'a.vnet'), 'utf8')).toBe(TIDY);
    expect(lstatSync(path.join(sb.work, 'd', 'link.vnet')).isSymbolicLink()).toBe(true);
    const check = vnetc(sb, ['check', 'd']);
    expect(check.stdout).toContain("error VN010: cannot import 'd/link.vnet'");
  });

  it('fmt of a link named on the command line that leads out of the project is refused too', () => {
    const sb = sandbox();
    writeFileSync(path.join(sb.outside, 'x.vnet'), MESSY);
    symlinkSync('../outside/x.vnet', path.join(sb.work, 'x.vnet'));
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['fmt', 'x.vnet']), sb, before, [1])).toBe(
      `error VN010: cannot format 'x.vnet': it is outside the project root '${sb.work}'`,
    );
  });

  it('a link inside the project is formatted once, through the link', () => {
    const sb = sandbox({ 'd/real.vnet': MESSY });
    symlinkSync('real.vnet', path.join(sb.work, 'd', 'alias.vnet'));
    const ran = vnetc(sb, ['fmt', 'd']);
    expect(ran.code, ran.stdout).toBe(0);
    expect(ran.stdout).toBe('reformatted d/alias.vnet\nreformatted 1 of 2 files\n');
    expect(readFileSync(path.join(sb.work, 'd', 'real.vnet'), 'utf8')).toBe(TIDY);
  });

  it('a hard-linked file is replaced atomically: the other name keeps the old text', () => {
    const sb = sandbox({ 'a.vnet': MESSY });
    linkSync(path.join(sb.work, 'a.vnet'), path.join(sb.outside, 'a-copy.vnet'));
    const before = snapshot(sb.outside);
    const ran = vnetc(sb, ['fmt', 'a.vnet']);
    expect(ran.code).toBe(0);
    expect(readFileSync(path.join(sb.work, 'a.vnet'), 'utf8')).toBe(TIDY);
    expect(snapshot(sb.outside)).toEqual(before);
  });
});
