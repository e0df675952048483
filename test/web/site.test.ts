/**
 * `vnetc web`: the static site it writes (every file, the model, the wasm files copied from the
 * installed onnxruntime-web), what it refuses, and the server's headers (cross-origin isolation, no
 * path outside the site). The page itself runs in Chromium in page.test.ts.
 */
import { readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { webCommand } from '../../cli/commands/web.js';
import { runProgram } from '../../cli/program.js';
import { serveSite, sitePath } from '../../web/site/serve.js';
import { MANIFEST_FILE, manifestText } from '../../web/site/manifest.js';
import { notModified, validatorsOf } from '../../web/site/validators.js';
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
    writeFileSync(path.join(dir, 'labels.txt'), 'a\nb\nc\nd\ne\nf\n');
    const result = await vnetc(dir, 'web', 'small.onnx', '-o', 'site', '--labels', 'labels.txt', '--window', '4');
    expect(result).toMatchObject({ code: 0, err: '' });
    // The page and its chunks (one per onnxruntime-web build), then both wasm builds: plain and JSEP (WebGPU).
    expect(result.out).toMatch(
      /^wrote 11 files to site: index\.html, vnet-page\.js, (vnet-page-[\w.-]+\.js, ){3}model\.onnx, vnet-site\.json, ort\/ort-wasm-simd-threaded\.wasm, ort\/ort-wasm-simd-threaded\.mjs, ort\/ort-wasm-simd-threaded\.jsep\.wasm, ort\/ort-wasm-simd-threaded\.jsep\.mjs\n$/,
    );
    const site = path.join(dir, 'site');
    expect(readFileSync(path.join(site, 'model.onnx'))).toEqual(Buffer.from(model));
    expect(JSON.parse(readFileSync(path.join(site, 'vnet-site.json'), 'utf8'))).toEqual({
      model: 'model.onnx',
      labels: ['a', 'b', 'c', 'd', 'e', 'f'],
      window: 4,
      ortVersion: '1.29.0',
    });
    expect(readFileSync(path.join(site, 'index.html'), 'utf8')).toContain('<script type="module" src="vnet-page.js"></script>');
    for (const wasm of ['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.jsep.wasm']) {
      expect([...readFileSync(path.join(site, 'ort', wasm)).subarray(0, 4)], wasm).toEqual([0x00, 0x61, 0x73, 0x6d]);
    }
    // No import left for the browser to resolve but the page's own chunks, no CDN.
    const scripts = readdirSync(site).filter((f) => f.endsWith('.js'));
    for (const file of scripts) {
      const script = readFileSync(path.join(site, file), 'utf8');
      expect(script, file).not.toMatch(/from\s*["']onnxruntime-web|https?:\/\/cdn/);
      for (const [, imported] of script.matchAll(/(?:\bfrom|\bimport\(?)\s*["']\.\/([^"']+)["']/g))
        expect(scripts, `${file} imports ${imported}`).toContain(imported);
    }
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

  it('gives every file validators and answers a revalidation 304 with no body until the file changes', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'model.onnx'), Buffer.alloc(4096, 7));
    writeFileSync(path.join(dir, MANIFEST_FILE), manifestText(['model.onnx']));
    const site = await serveSite(dir, 0);
    try {
      const first = await fetch(`${site.url}model.onnx`);
      expect(first.status).toBe(200);
      expect((await first.arrayBuffer()).byteLength).toBe(4096);
      const etag = first.headers.get('etag') as string;
      const modified = first.headers.get('last-modified') as string;
      expect(etag).toMatch(/^W\/"[0-9a-f]+-[0-9a-f]+-[0-9a-f]+"$/);
      expect(new Date(modified).toUTCString()).toBe(modified);
      expect(first.headers.get('cache-control')).toBe('no-cache');
      const revalidations: Record<string, string>[] = [
        { 'if-none-match': etag },
        { 'if-none-match': `"x", ${etag.slice(2)}` },
        { 'if-modified-since': modified },
      ];
      for (const headers of revalidations) {
        const again = await fetch(`${site.url}model.onnx`, { headers });
        expect(again.status, JSON.stringify(headers)).toBe(304);
        expect(await again.text()).toBe('');
        expect(again.headers.get('etag')).toBe(etag);
        expect(again.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      }
      // A stale tag wins over a date that would match: If-None-Match decides when present.
      expect((await fetch(`${site.url}model.onnx`, { headers: { 'if-none-match': '"old"', 'if-modified-since': modified } })).status).toBe(200);
      // The file rewritten (as vnetc web rewrites it): a new tag, and the whole file again.
      writeFileSync(path.join(dir, 'model.onnx'), Buffer.alloc(4097, 8));
      utimesSync(path.join(dir, 'model.onnx'), new Date(), new Date(Date.now() + 5000));
      const changed = await fetch(`${site.url}model.onnx`, { headers: { 'if-none-match': etag, 'if-modified-since': modified } });
      expect(changed.status).toBe(200);
      expect((await changed.arrayBuffer()).byteLength).toBe(4097);
      expect(changed.headers.get('etag')).not.toBe(etag);
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

describe('notModified: when a GET may be answered 304 (RFC 9110, 13.2.2)', () => {
  const v = validatorsOf({ size: 10, mtimeMs: Date.UTC(2024, 0, 2, 3, 4, 5, 678), ino: 42 });
  it.each([
    [{ 'if-none-match': v.ETag }, true],
    [{ 'if-none-match': '*' }, true],
    [{ 'if-none-match': '"a", W/"b"' }, false],
    [{ 'if-modified-since': 'Tue, 02 Jan 2024 03:04:05 GMT' }, true],
    [{ 'if-modified-since': 'Tue, 02 Jan 2024 03:04:04 GMT' }, false],
    [{ 'if-modified-since': 'yesterday' }, false],
    [{ 'if-none-match': '"other"', 'if-modified-since': 'Tue, 02 Jan 2030 00:00:00 GMT' }, false],
    [{}, false],
  ])('%j -> %s', (headers, expected) => {
    expect(notModified(headers, v)).toBe(expected);
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
