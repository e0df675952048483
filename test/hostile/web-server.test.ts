/**
 * The page server of `vnetc web --serve` (the real executable) under hostile requests: malformed URLs,
 * a DNS-rebinding Host header, dotfiles, symbolic links and files vnet did not write. Requests go
 * over a raw socket, so nothing (a client library) tidies them first.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT, MAIN, removeSandboxes, sandbox, snapshot, type Sandbox } from './harness.js';
import { webOnlineModel } from './onnx-files.js';

afterAll(removeSandboxes);

interface Reply {
  readonly status: number;
  readonly head: string;
  readonly body: string;
}

/** One request over a fresh connection, exactly as written; the status, header block and body of the reply. */
function request(port: number, line: string, host: string | null = `127.0.0.1:${port}`): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to ${line}`));
    }, 5000);
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head: head.toLowerCase(), body });
    });
    socket.write(`${line} HTTP/1.1\r\n${host !== null ? `Host: ${host}\r\n` : ''}Connection: close\r\n\r\n`);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

interface Served {
  readonly sb: Sandbox;
  readonly port: number;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  stderr: string;
}

/** `vnetc web m.onnx -o . --serve` in a project with a .git folder, a .env and a link out, serving until killed. */
async function serveProject(): Promise<Served> {
  const sb = sandbox({
    'm.onnx': webOnlineModel(),
    '.env': 'API_KEY=TOPSECRET\n',
    '.git/config': '[remote "origin"]\n\turl = secret\n',
    'notes.txt': 'private',
  });
  symlinkSync('../outside/secret.txt', path.join(sb.work, 'hostname'));
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN, 'web', 'm.onnx', '-o', '.', '--serve', '--port', String(port)], {
    cwd: sb.work,
    env: { ...process.env, TMPDIR: sb.tmp, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const served: Served = { sb, port, child, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))), stderr: '' };
  child.stderr?.on('data', (d: Buffer) => (served.stderr += d.toString()));
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vnetc web did not start serving: ${served.stderr}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('serving ')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', () => reject(new Error(`vnetc web ended: ${served.stderr}`)));
  });
  return served;
}

describe.skipIf(!BUILT)('web --serve: a page server that cannot be misled', () => {
  let s: Served;
  let before: Record<string, string>;
  beforeAll(async () => {
    s = await serveProject();
    before = snapshot(s.sb.outside);
  }, 90_000);
  afterAll(() => {
    if (s?.child.exitCode === null) s.child.kill('SIGKILL');
  });

  it('answers the page on 127.0.0.1, localhost and [::1], with nosniff', async () => {
    for (const host of [`127.0.0.1:${s.port}`, `localhost:${s.port}`, `LOCALHOST:${s.port}`, `[::1]:${s.port}`]) {
      const page = await request(s.port, 'GET /', host);
      expect(page.status, host).toBe(200);
      expect(page.head).toContain('x-content-type-options: nosniff');
      expect(page.body).toContain('<script type="module" src="vnet-page.js"></script>');
    }
  });

  it.each(['GET /%', 'GET /%E0%A4%A', 'GET //[', 'GET /a%00b', 'GET http://attacker.example/'])(
    '%s is 400, and the server answers the next request',
    async (line) => {
      const bad = await request(s.port, line);
      expect(bad.status).toBe(400);
      expect((await request(s.port, 'GET /index.html')).status).toBe(200);
    },
  );

  it.each([
    ['another host (DNS rebinding)', 'attacker.example'],
    ['another host on our port', `attacker.example:${'PORT'}`],
    ['our address on another port', '127.0.0.1:1'],
    ['no Host header', null],
  ])('%s: refused (403; 400 without a Host), not even the page', async (_what, host) => {
    const reply = await request(s.port, 'GET /index.html', host === null ? null : host.replace('PORT', String(s.port)));
    expect(reply.status).toBe(host === null ? 400 : 403);
    expect(reply.body).not.toContain('<script');
  });

  it.each([
    '/.env',
    '/.git/config',
    '/notes.txt',
    '/hostname',
    '/m.onnx',
    '/.vnet-site-files.json',
    '/%2e%2e/.env',
    '/..%2f.env',
    '/%2e%2e%2f%2e%2e%2foutside%2fsecret.txt',
  ])('%s is never served (404)', async (target) => {
    const reply = await request(s.port, `GET ${target}`);
    expect(reply.status).toBe(404);
    expect(reply.body).not.toMatch(/TOPSECRET|secret|API_KEY/);
    expect(reply.head).toContain('x-content-type-options: nosniff');
  });

  it('a file vnet did not write, or a symbolic link put in the folder, is never served', async () => {
    writeFileSync(path.join(s.sb.work, 'extra.txt'), "not vnet's");
    symlinkSync('../outside/secret.txt', path.join(s.sb.work, 'link.txt'));
    expect((await request(s.port, 'GET /extra.txt')).status).toBe(404);
    expect((await request(s.port, 'GET /link.txt')).status).toBe(404);
  });

  it('a written file swapped for a link out of the folder afterwards is not followed', async () => {
    const config = path.join(s.sb.work, 'vnet-site.json');
    rmSync(config);
    symlinkSync('../outside/secret.txt', config);
    const reply = await request(s.port, 'GET /vnet-site.json');
    expect(reply.status).toBe(404);
    expect(reply.body).not.toContain('TOPSECRET');
    rmSync(path.join(s.sb.work, 'ort'), { recursive: true });
    mkdirSync(path.join(s.sb.root, 'elsewhere'));
    writeFileSync(path.join(s.sb.root, 'elsewhere', 'ort-wasm-simd-threaded.jsep.mjs'), 'TOPSECRET');
    symlinkSync('../elsewhere', path.join(s.sb.work, 'ort'));
    expect((await request(s.port, 'GET /ort/ort-wasm-simd-threaded.jsep.mjs')).status).toBe(404);
  });

  it('other methods are 405; a huge header block is refused; the server is still up', async () => {
    expect((await request(s.port, 'POST /index.html')).status).toBe(405);
    const long = await request(s.port, `GET /index.html`, `127.0.0.1:${s.port}\r\nX-Pad: ${'a'.repeat(64 * 1024)}`);
    expect([400, 431]).toContain(long.status);
    expect((await request(s.port, 'HEAD /model.onnx')).status).toBe(200);
    expect(snapshot(s.sb.outside)).toEqual(before);
  });

  it('SIGTERM ends the server promptly (exit 143)', async () => {
    const start = Date.now();
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(143);
    expect(Date.now() - start).toBeLessThan(3000);
  });
});
