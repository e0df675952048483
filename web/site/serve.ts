import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import * as path from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.npy': 'application/octet-stream',
  '.png': 'image/png',
};

/**
 * Cross-origin isolation (so onnxruntime-web may use SharedArrayBuffer and run wasm on several
 * threads); every file is same-origin, which require-corp allows.
 */
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

export interface ServedSite {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/**
 * Serves a folder on 127.0.0.1 (localhost is a secure context, so the camera may be asked for), GET and
 * HEAD only, never outside the folder. Port 0 picks a free one.
 */
export function serveSite(root: string, port: number): Promise<ServedSite> {
  const base = path.resolve(root);
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const relative = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.resolve(base, relative);
    const reply = (status: number, text: string) => {
      response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...ISOLATION });
      response.end(text);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return reply(405, 'only GET and HEAD');
    if (file !== base && !file.startsWith(`${base}${path.sep}`)) return reply(403, 'outside the site');
    stat(file).then(
      (info) => {
        if (!info.isFile()) return reply(404, 'not found');
        response.writeHead(200, {
          'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
          'Content-Length': info.size,
          'Cache-Control': 'no-cache',
          ...ISOLATION,
        });
        if (request.method === 'HEAD') return response.end();
        createReadStream(file).pipe(response);
      },
      () => reply(404, 'not found'),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const actual = typeof address === 'object' && address !== null ? address.port : port;
      resolve({
        url: `http://127.0.0.1:${actual}/`,
        server,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
