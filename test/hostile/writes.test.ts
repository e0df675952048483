/**
 * One write path: outputs that are inputs of the command, symbolic links out of the project, site
 * folders holding files vnet did not write, hard-linked outputs written by two compiles at once, and
 * models whose external data names what is not theirs. See harness.ts.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, linkSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatNpy } from '../../runtime/npy.js';
import { BUILT, MAIN, expectRefused, removeSandboxes, sandbox, snapshot, vnetc } from './harness.js';
import { ADD_DATA, PRIVATE_KEY, addModel, safetensors, webOnlineModel } from './onnx-files.js';

afterAll(removeSandboxes);

const NET = 'network n(x: f32[1, 4]) -> f32[1, 3] {\n  return x |> linear(3) as fc\n}\n';
const LABELS = 'a\nb\nc\n';
const CHECKPOINT = safetensors({
  'model.fc.weight': { dims: [3, 4], data: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] },
  'model.fc.bias': { dims: [3], data: [0, 0, 0] },
});
const INPUT = formatNpy({ type: 'float32', dims: [1, 4], data: Float32Array.from([1, 2, 3, 4]) });

describe.skipIf(!BUILT)('outputs onto inputs: refused, the input unchanged', () => {
  it.each([
    [
      'compile --labels L -o L',
      { 'a.vnet': NET, 'L.txt': LABELS },
      ['compile', 'a.vnet', '--labels', 'L.txt', '-o', 'L.txt'],
      'L.txt',
      "error VN007: cannot write 'L.txt': it is an input of this command",
    ],
    [
      'compile --weights-map M -o M',
      { 'a.vnet': NET, 'w.safetensors': CHECKPOINT, 'map.txt': '^model\\. => \n' },
      ['compile', 'a.vnet', '--weights', 'w.safetensors', '--weights-map', 'map.txt', '-o', 'map.txt'],
      'map.txt',
      "error VN007: cannot write 'map.txt': it is an input of this command",
    ],
    [
      'compile -o an imported file',
      { 'a.vnet': `import "b.vnet"\n${NET}`, 'b.vnet': 'const K = 1\n' },
      ['compile', 'a.vnet', '-o', 'b.vnet'],
      'b.vnet',
      "error VN007: cannot write 'b.vnet': it is an input of this command",
    ],
    [
      'run --save-output onto --labels',
      { 'a.vnet': NET, 'L.txt': LABELS },
      ['run', 'a.vnet', '--labels', 'L.txt', '--save-output', 'L.txt'],
      'L.txt',
      "vnetc: cannot write 'L.txt': it is an input of this command",
    ],
    [
      'run --save-output onto --input',
      { 'a.vnet': NET, 'x.npy': INPUT },
      ['run', 'a.vnet', '--input', 'x.npy', '--save-output', 'x.npy'],
      'x.npy',
      "vnetc: cannot write 'x.npy': it is an input of this command",
    ],
    [
      'run --save-output onto an import of the model',
      { 'a.vnet': `import "b.vnet"\n${NET}`, 'b.vnet': 'const K = 1\n' },
      ['run', 'a.vnet', '--save-output', 'b.vnet'],
      'b.vnet',
      "vnetc: cannot write 'b.vnet': it is an input of this command",
    ],
    [
      'run --save-output onto the .onnx model',
      { 'm.onnx': addModel() },
      ['run', 'm.onnx', '--save-output', 'm.onnx'],
      'm.onnx',
      "vnetc: cannot write 'm.onnx': it is an input of this command",
    ],
    [
      "run --save-output onto the model's external data",
      { 'm.onnx': addModel('m.onnx.data'), 'm.onnx.data': ADD_DATA },
      ['run', 'm.onnx', '--save-output', 'm.onnx.data'],
      'm.onnx.data',
      "vnetc: cannot write 'm.onnx.data': it is an input of this command",
    ],
  ])('%s', (_what, files, argv, kept, message) => {
    const sb = sandbox(files);
    const original = readFileSync(path.join(sb.work, kept));
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, argv), sb, before, [2])).toBe(message);
    expect(readFileSync(path.join(sb.work, kept))).toEqual(original);
  });

  it('compile --external-data whose <output>.data is the weights map: refused', () => {
    const sb = sandbox({ 'a.vnet': NET, 'w.safetensors': CHECKPOINT, 'm.onnx.data': '^model\\. => \n' });
    const before = snapshot(sb.outside);
    const ran = vnetc(sb, ['compile', 'a.vnet', '--external-data', '--weights', 'w.safetensors', '--weights-map', 'm.onnx.data', '-o', 'm.onnx']);
    expect(expectRefused(ran, sb, before, [2])).toBe("error VN007: cannot write 'm.onnx.data': it is an input of this command");
    expect(readFileSync(path.join(sb.work, 'm.onnx.data'), 'utf8')).toBe('^model\\. => \n');
    expect(existsSync(path.join(sb.work, 'm.onnx'))).toBe(false);
  });

  it('web: the model or the labels as a site file are refused, even with --force', () => {
    const sb = sandbox({ 'model.onnx': webOnlineModel(), 'index.html': 'the project page', 'labels/x': '' });
    const model = readFileSync(path.join(sb.work, 'model.onnx'));
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['web', 'model.onnx', '-o', '.', '--force']), sb, before, [2])).toBe(
      "error VN007: cannot write 'model.onnx': it is an input of this command",
    );
    expect(readFileSync(path.join(sb.work, 'model.onnx'))).toEqual(model);
    expect(readFileSync(path.join(sb.work, 'index.html'), 'utf8')).toBe('the project page');
  });
});

describe.skipIf(!BUILT)('web -o DIR: replaces only what vnet wrote', () => {
  it("`-o .` does not replace the project's own index.html (exit 2, --force named)", () => {
    const sb = sandbox({ 'm.onnx': webOnlineModel(), 'index.html': 'the project page' });
    const before = snapshot(sb.outside);
    const ran = vnetc(sb, ['web', 'm.onnx', '-o', '.']);
    expect(expectRefused(ran, sb, before, [2])).toBe(
      "error VN011: cannot replace 'index.html': vnetc web did not write it (.vnet-site-files.json does not list it)",
    );
    expect(`${ran.stdout}${ran.stderr}`).toContain('use --force');
    expect(readFileSync(path.join(sb.work, 'index.html'), 'utf8')).toBe('the project page');
    expect(existsSync(path.join(sb.work, 'vnet-page.js'))).toBe(false);
  });

  it('a symlink DIR/index.html pointing outside: refused; with --force the link is replaced, its target untouched', () => {
    const sb = sandbox({ 'm.onnx': webOnlineModel(), 'site/.keep': '' });
    symlinkSync('../../outside/secret.txt', path.join(sb.work, 'site', 'index.html'));
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['web', 'm.onnx', '-o', 'site']), sb, before, [2])).toMatch(/^error VN011: cannot replace 'site\/index\.html'/);
    const forced = vnetc(sb, ['web', 'm.onnx', '-o', 'site', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(snapshot(sb.outside)).toEqual(before);
    expect(lstatSync(path.join(sb.work, 'site', 'index.html')).isFile()).toBe(true);
  });

  it('a site folder whose ort/ is a link out of it: refused, nothing written there', () => {
    const sb = sandbox({ 'm.onnx': webOnlineModel(), 'site/.keep': '' });
    mkdirSync(path.join(sb.outside, 'ort'));
    symlinkSync('../../outside/ort', path.join(sb.work, 'site', 'ort'));
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['web', 'm.onnx', '-o', 'site', '--force']), sb, before, [2])).toBe(
      "error VN007: cannot write 'site/ort': is a symbolic link; vnet writes a site only into real folders inside it",
    );
  });

  it('writing the site again replaces its own files without --force', () => {
    const sb = sandbox({ 'm.onnx': webOnlineModel() });
    expect(vnetc(sb, ['web', 'm.onnx', '-o', 'site']).code).toBe(0);
    const again = vnetc(sb, ['web', 'm.onnx', '-o', 'site', '--window', '4']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(readFileSync(path.join(sb.work, 'site', 'vnet-site.json'), 'utf8'))).toMatchObject({ window: 4 });
  });

  it('a FIFO model and /dev/zero are refused at once', () => {
    const sb = sandbox();
    execFileSync('mkfifo', [path.join(sb.work, 'm.onnx')]);
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['web', 'm.onnx', '-o', 'site']), sb, before, [2])).toBe("vnetc: cannot read 'm.onnx': is a FIFO, not a regular file");
    expect(expectRefused(vnetc(sb, ['web', '/dev/zero', '-o', 'site']), sb, before, [2])).toBe(
      "vnetc: cannot read '/dev/zero': is a character device, not a regular file",
    );
    expect(existsSync(path.join(sb.work, 'site'))).toBe(false);
  });
});

describe.skipIf(!BUILT)('symbolic links out of the project are never written through', () => {
  it('compile -o a link to a file outside the project: refused, the file unchanged', () => {
    const sb = sandbox({ 'a.vnet': NET });
    symlinkSync('../outside/keep.onnx', path.join(sb.work, 'out.onnx'));
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['compile', 'a.vnet', '-o', 'out.onnx']), sb, before, [2])).toBe(
      `error VN007: cannot write 'out.onnx': it is a symbolic link to a file outside '${sb.work}'`,
    );
  });

  it('run --save-output onto a link to a file outside the project: refused', () => {
    const sb = sandbox({ 'a.vnet': NET });
    symlinkSync('../outside/secret.txt', path.join(sb.work, 'out.npy'));
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['run', 'a.vnet', '--save-output', 'out.npy']), sb, before, [2])).toBe(
      `vnetc: cannot write 'out.npy': it is a symbolic link to a file outside '${sb.work}'`,
    );
  });

  it('a link inside the project is still written through (the link stays)', () => {
    const sb = sandbox({ 'a.vnet': NET, 'models/v1.onnx': 'old' });
    symlinkSync('models/v1.onnx', path.join(sb.work, 'current.onnx'));
    const ran = vnetc(sb, ['compile', 'a.vnet', '-o', 'current.onnx']);
    expect(ran.code, ran.stderr).toBe(0);
    expect(lstatSync(path.join(sb.work, 'current.onnx')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(sb.work, 'models', 'v1.onnx')).length).toBeGreaterThan(3);
  });
});

describe.skipIf(!BUILT)('hard-linked outputs are replaced atomically', () => {
  it('compile -o a file hard-linked outside: the output is replaced, the other link keeps the old content', () => {
    const sb = sandbox({ 'a.vnet': NET });
    linkSync(path.join(sb.outside, 'keep.onnx'), path.join(sb.work, 'out.onnx'));
    const before = snapshot(sb.outside);
    const ran = vnetc(sb, ['compile', 'a.vnet', '-o', 'out.onnx']);
    expect(ran.code, ran.stderr).toBe(0);
    expect(snapshot(sb.outside)).toEqual(before);
    expect(lstatSync(path.join(sb.work, 'out.onnx')).nlink).toBe(1);
  });

  it('two concurrent compiles onto one hard-linked output always leave one whole model', { timeout: 240_000 }, async () => {
    const wide = (act: string) => `network n(x: f32[1, 512]) -> f32[1, 512] {\n  return x |> linear(512) as fc${act}\n}\n`;
    const sb = sandbox({ 'a.vnet': wide(''), 'b.vnet': wide(' |> relu') });
    for (const n of ['a', 'b']) expect(vnetc(sb, ['compile', `${n}.vnet`, '-o', `${n}.onnx`]).code).toBe(0);
    const models = ['a', 'b'].map((n) => readFileSync(path.join(sb.work, `${n}.onnx`)));
    const compile = (n: string) =>
      new Promise<number | null>((resolve) => {
        spawn(process.execPath, [MAIN, 'compile', `${n}.vnet`, '-o', 'out.onnx'], {
          cwd: sb.work,
          env: { ...process.env, TMPDIR: sb.tmp },
          stdio: 'ignore',
        }).on('exit', resolve);
      });
    const whole: boolean[] = [];
    for (let round = 0; round < 6; round++) {
      writeFileSync(path.join(sb.work, 'out.onnx'), 'previous');
      linkSync(path.join(sb.work, 'out.onnx'), path.join(sb.work, `other${round}`));
      expect(await Promise.all([compile('a'), compile('b')])).toEqual([0, 0]);
      const out = readFileSync(path.join(sb.work, 'out.onnx'));
      whole.push(models.some((m) => m.equals(out)));
      expect(readFileSync(path.join(sb.work, `other${round}`), 'utf8')).toBe('previous');
    }
    expect(whole).toEqual(whole.map(() => true));
  });
});

describe.skipIf(!BUILT)("run: external data is the model's own, or refused", () => {
  it('a model whose external data is a plain file beside it runs', () => {
    const sb = sandbox({ 'm.onnx': addModel('m.onnx.data'), 'm.onnx.data': ADD_DATA });
    const ran = vnetc(sb, ['run', 'm.onnx', '--json']);
    expect(ran.code, ran.stderr).toBe(0);
  });

  it.each([
    ['the model file itself', 'm.onnx', {}, "external data 'm.onnx' is refused: it is the model itself"],
    [
      'a neighbouring id_rsa',
      'id_rsa',
      { id_rsa: PRIVATE_KEY },
      `external data 'id_rsa' is refused: it is ${Buffer.byteLength(PRIVATE_KEY)} bytes, but the model's tensors in it end at byte 16`,
    ],
    ['a dotfile', '.env', { '.env': ADD_DATA }, "external data '.env' is refused: it is a hidden file"],
    ['the labels of the command', 'L.txt', { 'L.txt': '0123456789abcdef' }, "external data 'L.txt' is refused: it is another input of this command"],
  ])('external data naming %s is refused (exit 1)', (_what, location, files, message) => {
    const sb = sandbox({ 'm.onnx': addModel(location), ...files });
    const before = snapshot(sb.outside);
    const argv = location === 'L.txt' ? ['run', 'm.onnx', '--labels', 'L.txt'] : ['run', 'm.onnx'];
    expect(expectRefused(vnetc(sb, argv), sb, before, [1])).toBe(`vnetc: 'm.onnx': ${message}`);
  });
});
