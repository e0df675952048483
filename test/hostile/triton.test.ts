/**
 * Hostile paths and models given to `vnetc triton`: an output folder that is not a model folder vnet
 * wrote, stems that are not folder names, a repository that is a symbolic link, models that never end,
 * external data that names a neighbour or the model itself, names that inject. See harness.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT, IS_ROOT, expectRefused, interrupt, removeSandboxes, sandbox, snapshot, vnetScratch, vnetc } from './harness.js';
import { ADD_DATA, PRIVATE_KEY, addModel } from './onnx-files.js';

afterAll(removeSandboxes);

const MAIN_C = 'int main(void) { return 0; }\n';

describe.skipIf(!BUILT)('triton: replaces only the model folders it wrote', () => {
  it('`triton src.onnx -o .` refuses to replace ./src (exit 2, src/main.c survives); --force replaces it', () => {
    const sb = sandbox({ 'src.onnx': addModel(), 'src/main.c': MAIN_C });
    const before = snapshot(sb.outside);
    const line = expectRefused(vnetc(sb, ['triton', 'src.onnx', '-o', '.']), sb, before, [2]);
    expect(line).toBe("error VN011: cannot replace 'src': vnetc triton did not write it (it holds no .vnet-triton.json)");
    expect(readFileSync(path.join(sb.work, 'src', 'main.c'), 'utf8')).toBe(MAIN_C);
    const forced = vnetc(sb, ['triton', 'src.onnx', '-o', '.', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readdirSync(path.join(sb.work, 'src')).sort()).toEqual(['.vnet-triton.json', '1', 'config.pbtxt']);
    expect(snapshot(sb.outside)).toEqual(before);
  });

  it('a model folder vnet wrote is replaced whole on the next export, without --force', () => {
    const sb = sandbox({ 'm.onnx': addModel() });
    expect(vnetc(sb, ['triton', 'm.onnx', '-o', 'repo']).code).toBe(0);
    writeFileSync(path.join(sb.work, 'repo', 'm', 'stale'), 'x');
    const again = vnetc(sb, ['triton', 'm.onnx', '-o', 'repo', '--max-batch', '4']);
    expect(again.code, again.stderr).toBe(0);
    expect(readdirSync(path.join(sb.work, 'repo'))).toEqual(['m']);
    expect(readdirSync(path.join(sb.work, 'repo', 'm')).sort()).toEqual(['.vnet-triton.json', '1', 'config.pbtxt']);
  });

  it('a model file named `...onnx` (stem `..`) is refused before anything is written', () => {
    const sb = sandbox({ '...onnx': addModel() });
    const before = snapshot(sb.outside);
    const line = expectRefused(vnetc(sb, ['triton', '...onnx', '-o', 'repo']), sb, before, [2]);
    expect(line).toBe("error VN477: '...onnx' gives the model name '..', which cannot be a folder of the repository");
    expect(existsSync(path.join(sb.work, 'repo'))).toBe(false);
  });

  it('a symlinked repository: `...onnx -o link` neither moves nor renames the project folder', () => {
    const sb = sandbox({ '...onnx': addModel(), 'keep.txt': 'project file' });
    const target = path.join(sb.root, 'repo-target');
    mkdirSync(target);
    symlinkSync('../repo-target', path.join(sb.work, 'link'));
    const before = snapshot(sb.outside);
    expectRefused(vnetc(sb, ['triton', '...onnx', '-o', 'link']), sb, before, [2]);
    expect(readFileSync(path.join(sb.work, 'keep.txt'), 'utf8')).toBe('project file');
    expect(readdirSync(target)).toEqual([]);
    expect(lstatSync(path.join(sb.work, 'link')).isSymbolicLink()).toBe(true);
  });

  it('a symlinked repository is written inside its target; the link stays a link', () => {
    const sb = sandbox({ 'm.onnx': addModel() });
    const target = path.join(sb.root, 'repo-target');
    mkdirSync(target);
    symlinkSync('../repo-target', path.join(sb.work, 'link'));
    const ran = vnetc(sb, ['triton', 'm.onnx', '-o', 'link']);
    expect(ran.code, ran.stderr).toBe(0);
    expect(readdirSync(target)).toEqual(['m']);
    expect(lstatSync(path.join(sb.work, 'link')).isSymbolicLink()).toBe(true);
  });

  it('a stem with a newline and an escape is refused, and shown escaped', () => {
    const name = 'm\n::error::pwned\u001b[2J.onnx';
    const sb = sandbox({ [name]: addModel() });
    const before = snapshot(sb.outside);
    const ran = vnetc(sb, ['triton', name, '-o', 'repo']);
    const line = expectRefused(ran, sb, before, [2]);
    expect(line).toBe(
      "error VN477: 'm\\n::error::pwned\\e[2J.onnx' gives the model name 'm\\n::error::pwned\\e[2J', which cannot be a folder of the repository",
    );
    expect(`${ran.stdout}${ran.stderr}`).not.toMatch(/^::error/m);
    expect(existsSync(path.join(sb.work, 'repo'))).toBe(false);
  });

  it('the repository path is printed escaped', () => {
    const sb = sandbox({ 'm.onnx': addModel() });
    const ran = vnetc(sb, ['triton', 'm.onnx', '-o', 'r\u001b[31m']);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toBe('r\\e[31m/m: offline, dynamic batching, max batch 8, 1 CPU instance(s)\n');
  });

  it('a model folder that holds an input of the command is never replaced, even with --force', () => {
    const sb = sandbox({ 'm.onnx': addModel() });
    expect(vnetc(sb, ['triton', 'm.onnx', '-o', 'repo']).code).toBe(0);
    const before = snapshot(sb.outside);
    const line = expectRefused(vnetc(sb, ['triton', 'repo/m/1/model.onnx', '--name', 'm', '-o', 'repo', '--force']), sb, before, [2]);
    expect(line).toBe("error VN478: cannot replace 'repo/m': it holds 'repo/m/1/model.onnx', an input of this command");
    expect(existsSync(path.join(sb.work, 'repo', 'm', '1', 'model.onnx'))).toBe(true);
  });
});

describe.skipIf(!BUILT)('triton: models that never end', () => {
  it('a FIFO model is refused at once', () => {
    const sb = sandbox();
    execFileSync('mkfifo', [path.join(sb.work, 'm.onnx')]);
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['triton', 'm.onnx', '-o', 'repo']), sb, before, [2])).toBe(
      "error VN471: cannot read model 'm.onnx': is a FIFO, not a regular file",
    );
    expect(existsSync(path.join(sb.work, 'repo'))).toBe(false);
  });

  it('/dev/zero is refused before a byte is read', () => {
    const sb = sandbox();
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['triton', '/dev/zero', '-o', 'repo']), sb, before, [2])).toBe(
      "error VN471: cannot read model '/dev/zero': is a character device, not a regular file",
    );
  });

  it.skipIf(!IS_ROOT)('a zero device in the project (mknod) named m.onnx is refused too', () => {
    const sb = sandbox();
    execFileSync('mknod', [path.join(sb.work, 'm.onnx'), 'c', '1', '5']);
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['triton', 'm.onnx', '-o', 'repo']), sb, before, [2])).toMatch(/is a character device, not a regular file$/);
  });
});

describe.skipIf(!BUILT)('triton: signals while writing', () => {
  it('SIGTERM while a model folder is staged: the staging folder is removed, exit 143', { timeout: 120_000 }, async () => {
    const width = 1024;
    const sb = sandbox({ 'm.onnx': addModel('m.onnx.data', width), 'm.onnx.data': new Uint8Array(4 * width) });
    // Held at the open of a file being written into the staging folder (`repo/.m.partial-<pid>-<hex>/...`).
    const run = await interrupt(sb, ['triton', 'm.onnx', '-o', 'repo'], /\/repo\/\.m\.partial-\d+-[0-9a-f]+\/.+\.tmp$/, 'SIGTERM');
    expect(run.caught, `the staging folder was reached\n${run.stderr}`).toBe(true);
    expect(run.code).toBe(143);
    expect(readdirSync(path.join(sb.work, 'repo'))).toEqual([]);
    expect(vnetScratch(sb)).toEqual([]);
  });
});

describe.skipIf(!BUILT)("triton: external data is the model's own, or refused", () => {
  it('copies only the referenced data file, and says which', () => {
    const sb = sandbox({ 'm.onnx': addModel('m.onnx.data'), 'm.onnx.data': ADD_DATA, 'other.bin': 'not referenced' });
    const ran = vnetc(sb, ['triton', 'm.onnx', '-o', 'repo']);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toBe('repo/m: offline, dynamic batching, max batch 8, 1 CPU instance(s); external data copied: m.onnx.data\n');
    expect(readdirSync(path.join(sb.work, 'repo', 'm', '1')).sort()).toEqual(['m.onnx.data', 'model.onnx']);
  });

  it.each([
    [
      'a neighbouring id_rsa',
      'id_rsa',
      { id_rsa: PRIVATE_KEY },
      `external data 'id_rsa' is refused: it is ${Buffer.byteLength(PRIVATE_KEY)} bytes, but the model's tensors in it end at byte 16`,
    ],
    ['the model file itself', 'm.onnx', {}, "external data 'm.onnx' is refused: it is the model itself"],
    ['a dotfile', '.env', { '.env': ADD_DATA }, "external data '.env' is refused: it is a hidden file"],
    ['a path into a folder', 'sub/w.bin', { 'sub/w.bin': ADD_DATA }, "external data 'sub/w.bin' is refused: it is not a plain file name beside the model"],
  ])('external data naming %s is refused, and nothing is copied', (_what, location, files, message) => {
    const sb = sandbox({ 'm.onnx': addModel(location), ...files });
    const before = snapshot(sb.outside);
    const line = expectRefused(vnetc(sb, ['triton', 'm.onnx', '-o', 'repo']), sb, before, [1]);
    expect(line).toBe(`error VN479: 'm.onnx': ${message}`);
    expect(existsSync(path.join(sb.work, 'repo'))).toBe(false);
  });

  it('external data that is a symbolic link out of the folder is refused', () => {
    const sb = sandbox({ 'm.onnx': addModel('w.bin') });
    writeFileSync(path.join(sb.outside, 'w.bin'), ADD_DATA);
    symlinkSync('../outside/w.bin', path.join(sb.work, 'w.bin'));
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['triton', 'm.onnx', '-o', 'repo']), sb, before, [1])).toBe(
      "error VN479: 'm.onnx': external data 'w.bin' is refused: it is a symbolic link",
    );
    expect(existsSync(path.join(sb.work, 'repo'))).toBe(false);
  });

  it('external data that is another model of the command is refused', () => {
    const sb = sandbox({ 'm.onnx': addModel('n.onnx'), 'n.onnx': addModel() });
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['triton', 'm.onnx', 'n.onnx', '-o', 'repo']), sb, before, [1])).toBe(
      "error VN479: 'm.onnx': external data 'n.onnx' is refused: it is another input of this command",
    );
  });
});
