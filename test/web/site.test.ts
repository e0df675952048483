/**
 * `vnetc web`: the static site it writes (every file, the model, the wasm files copied from the
 * installed onnxruntime-web), what it refuses, and the server's headers (cross-origin isolation, no
 * path outside the site). The page itself runs in Chromium in page.test.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { webCommand } from '../../cli/commands/web.js';
import { runProgram } from '../../cli/program.js';
import { serveSite, sitePath } from '../../web/site/serve.js';
import { MANIFEST_FILE, manifestText } from '../../web/site/manifest.js';
import { SMALL_ONLINE, onlineModel, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

async function vnetc(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runProgram(
    { version: 'test', context: () => ({ stdout: (t) => void (out += t), stderr: (t) => void (err += t), color: false, debug: false, cwd }) },
    argv,
  );
  return { code, out, err };
}

describe('vnetc web', () => {
  it('writes index.html, the bundled page, the model, its config and the onnxruntime-web wasm files', async () => {
    const dir = tempDir();
    const model = onlineModel(SMALL_ONLINE);
    writeFileSync(path.join(dir, 'small.onnx'), model);
    writeFileSync(path.join(dir, 'labels.txt'), 'a\nb\nc\n');
    const result = await vnetc(dir, 'web', 'small.onnx', '-o', 'site', '--labels', 'labels.txt', '--window', '4');
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toBe(
      'wrote 6 files to site: index.html, vnet-page.js, model.onnx, vnet-site.json, ort/ort-wasm-simd-threaded.jsep.wasm, ort/ort-wasm-simd-threaded.jsep.mjs\n',
    );
    const site = path.join(dir, 'site');
    expect(readFileSync(path.join(site, 'model.onnx'))).toEqual(Buffer.from(model));
    expect(JSON.parse(readFileSync(path.join(site, 'vnet-site.json'), 'utf8'))).toEqual({ model: 'model.onnx', labels: ['a', 'b', 'c'], window: 4, ortVersion: '1.29.0' });
    expect(readFileSync(path.join(site, 'index.html'), 'utf8')).toContain('<script type="module" src="vnet-page.js"></script>');
    const wasm = readFileSync(path.join(site, 'ort', 'ort-wasm-simd-threaded.jsep.wasm'));
    expect([...wasm.subarray(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]);
    // One bundle: no import left for the browser to resolve, no CDN.
    const script = readFileSync(path.join(site, 'vnet-page.js'), 'utf8');
    expect(script).not.toMatch(/from\s*["']onnxruntime-web["']|https?:\/\/cdn/);
  }, 60_000);

  it('refuses a model onnxruntime-web cannot stream, saying why (exit 1)', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'cpu.onnx'), onlineModel(SMALL_ONLINE, 'ort-cpu'));
    expect(await vnetc(dir, 'web', 'cpu.onnx', '-o', 'site')).toEqual({
      code: 1,
      out: '',
      err: 'vnetc: cpu.onnx was compiled for ort-cpu, whose operators onnxruntime-web does not run; compile it with --online --target web (or portable)\n',
    });
    expect(await vnetc(dir, 'web', 'missing.onnx', '-o', 'site')).toMatchObject({ code: 2, err: expect.stringContaining('missing.onnx') });
  });
});

describe('vnetc web --serve', () => {
  it('serves the written site on 127.0.0.1 and prints its URL, until stopped', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'small.onnx'), onlineModel(SMALL_ONLINE));
    let out = '';
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const ctx = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (out += t), color: false, debug: false, cwd: dir };
    const running = webCommand({ model: 'small.onnx', output: 'site', window: 8, serve: true, port: 0 }, ctx, stopped);
    await expect.poll(() => out, { timeout: 30_000 }).toMatch(/serving http:\/\/127\.0\.0\.1:\d+\//);
    const url = /serving (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1] as string;
    const page = await fetch(`${url}index.html`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect((await fetch(`${url}model.onnx`)).status).toBe(200);
    stop();
    expect(await running).toBe(0);
  }, 60_000);
});

describe('serveSite', () => {
  it('serves the files its manifest lists on 127.0.0.1, cross-origin isolated, and nothing else', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'index.html'), '<p>hi</p>');
    writeFileSync(path.join(dir, 'x.wasm'), Buffer.from([0, 97, 115, 109]));
    writeFileSync(path.join(dir, 'other.txt'), 'not listed');
    writeFileSync(path.join(dir, MANIFEST_FILE), manifestText(['index.html', 'x.wasm']));
    const site = await serveSite(dir, 0);
    try {
      expect(site.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const index = await fetch(site.url);
      expect(index.status).toBe(200);
      expect(await index.text()).toBe('<p>hi</p>');
      expect(index.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(index.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
      expect(index.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await fetch(`${site.url}x.wasm`)).headers.get('content-type')).toBe('application/wasm');
      expect((await fetch(`${site.url}nope.js`)).status).toBe(404);
      expect((await fetch(`${site.url}other.txt`)).status).toBe(404);
      expect((await fetch(`${site.url}${MANIFEST_FILE}`)).status).toBe(404);
      expect((await fetch(`${site.url}..%2f..%2fetc%2fpasswd`)).status).toBe(404);
    } finally {
      await site.close();
    }
  });

  it('refuses to serve a folder that holds no site written by vnetc web', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'index.html'), '<p>hi</p>');
    await expect(serveSite(dir, 0)).rejects.toThrow(`'${dir}' holds no site written by vnetc web (no ${MANIFEST_FILE})`);
  });
});

describe('sitePath: the site file a request target names', () => {
  it.each([
    ['/', 'index.html'],
    ['/index.html?x=1#y', 'index.html'],
    ['/ort/a%20b.wasm', 'ort/a b.wasm'],
    ['/..%2f..%2fetc', '../../etc'],
    ['/%', undefined],
    ['/%E0%A4%A', undefined],
    ['//[', undefined],
    ['/a//b', undefined],
    ['/a%5cb', undefined],
    ['/a%00b', undefined],
    ['http://example.com/', undefined],
    ['*', undefined],
  ])('%s -> %s', (target, file) => {
    expect(sitePath(target)).toBe(file);
  });
});
