/**
 * The package as users get it: `npm pack`, then the tarball installed lean (`--omit=optional`) into a
 * fresh project, where check (text and GitHub annotations), fmt --check and compile work and run says
 * in one line what to install; then installed fully, where a model runs. Prints the sizes and the
 * lean install's time; a lean install is at most 40 MB.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MB, type Installed, type Packed, installVnet, packVnet, treeSize } from './npm.js';

const GOOD = `const CLASSES = 4

network tiny(x: f32[N, 8]) -> f32[N, CLASSES] {
  return x |> linear(CLASSES) as fc
}
`;
const BAD = `network broken(x: f32[N, 8]) -> f32[N, 4] {
  return x |> conv2d(4, k=3) as conv
}
`;

let packed: Packed;
let lean: Installed;
let full: Installed | undefined;

function vnetc(project: Installed, args: readonly string[]): { code: number | null; out: string; err: string } {
  const bin = path.join(project.dir, 'node_modules', '.bin', 'vnetc');
  const r = spawnSync(bin, [...args], { cwd: project.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function mb(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}

/** What `du -sh` would say: disk blocks, in MiB. */
function du(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

describe('the npm package', () => {
  beforeAll(() => {
    packed = packVnet();
    lean = installVnet(packed.tarball, true);
    writeFileSync(path.join(lean.dir, 'good.vnet'), GOOD);
    writeFileSync(path.join(lean.dir, 'bad.vnet'), BAD);
  }, 600_000);
  afterAll(() => {
    for (const dir of [lean?.dir, full?.dir, packed && path.dirname(packed.tarball)]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ships what the CLI reads at run time, and no tests, references or benchmarks sources', () => {
    const files = new Set(packed.files);
    for (const needed of [
      'dist/cli/main.js',
      'dist/web/vnet-page.js',
      'dist/web/vnet-page.json',
      'docs/language.md',
      'data/labels/kinetics400.txt',
      'data/labels/jester.txt',
      'serve/triton/model_config.proto',
      'examples/tsm_resnet50.vnet',
      'LICENSE',
      'README.md',
    ]) {
      expect(files.has(needed), needed).toBe(true);
    }
    const stray = packed.files.filter((f) => /^(test|refs|bench|\.ci|editors)\//.test(f) || f.endsWith('.ts'));
    expect(stray).toEqual([]);
  });

  it('installs lean without the optional runtime libraries, in at most 40 MB', () => {
    const modules = path.join(lean.dir, 'node_modules');
    for (const pkg of ['onnxruntime-node', 'onnxruntime-web', 'onnxruntime-common', 'esbuild']) {
      expect(existsSync(path.join(modules, pkg)), pkg).toBe(false);
    }
    const size = treeSize(modules);
    console.log(
      `vnet package: tarball ${mb(packed.size)} (${packed.files.length} files, ${mb(packed.unpackedSize)} unpacked); ` +
        `lean install (npm install --omit=optional): ${mb(size.bytes)} of files (du: ${du(size.disk)}), in ${lean.seconds.toFixed(1)} s`,
    );
    expect(size.bytes).toBeLessThanOrEqual(40 * MB);
  });

  it('lean: check reports as text and as GitHub annotations', () => {
    expect(vnetc(lean, ['check', 'good.vnet'])).toMatchObject({ code: 0, out: 'checked 1 file: no problems\n' });
    const text = vnetc(lean, ['check', 'bad.vnet']);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/^bad\.vnet:2:15: error VN302: 'conv2d' expects a 4-D input \[B, C, H, W\], found \[N, 8\] \(2-D\)\n/);
    const github = vnetc(lean, ['check', '--format', 'github', 'good.vnet', 'bad.vnet']);
    expect(github.code).toBe(1);
    expect(github.out).toMatch(/^::error file=bad\.vnet,line=2,col=15,endLine=2,endColumn=37,title=VN302::'conv2d' expects a 4-D input/m);
  });

  it('lean: fmt --check, compile; run says in one line what to install and exits 2', () => {
    expect(vnetc(lean, ['fmt', '--check', 'good.vnet']).code).toBe(0);
    const compiled = vnetc(lean, ['compile', 'good.vnet', '-o', 'good.onnx']);
    expect(compiled).toMatchObject({ code: 0, err: '' });
    expect(existsSync(path.join(lean.dir, 'good.onnx'))).toBe(true);
    const run = vnetc(lean, ['run', 'good.onnx']);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(
      /^error VN030: 'vnetc run' needs onnxruntime-node to run models, which this installation left out \(--omit=optional\): install it with 'npm install onnxruntime-node@\d+\.\d+\.\d+'\n$/,
    );
  });

  it('full: installs onnxruntime and runs a model', () => {
    full = installVnet(packed.tarball, false);
    const size = treeSize(path.join(full.dir, 'node_modules'));
    console.log(`vnet package: full install: ${mb(size.bytes)} of files (du: ${du(size.disk)}), in ${full.seconds.toFixed(1)} s`);
    const example = path.join(full.dir, 'node_modules', 'vnet', 'examples', 'tsm_resnet50.vnet');
    // ort-cpu lays the shifts out with onnxruntime at compile time; the labels come from the package's data/.
    const compiled = vnetc(full, ['compile', example, '--set', 'T=2', '-o', 'tsm.onnx', '--target', 'ort-cpu', '--labels', 'kinetics400']);
    expect(compiled).toMatchObject({ code: 0, err: '' });
    // Built-in labels for run too; compiled without --weights, the model is said to be untrained.
    const run = vnetc(full, ['run', 'tsm.onnx', '--threads', '2', '--top', '1', '--labels', 'kinetics400']);
    expect(run.err).toMatch(/^vnetc: warning: untrained model: its weights are seeded initial values \(seed 0\)[^\n]*\n$/);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^output output \[1, 400\] float32$/m);
    expect(run.out).toMatch(/^ {2}1\. +\d+ +-?\d+\.\d{4} {2}\S.*$/m);
  }, 600_000);
});
