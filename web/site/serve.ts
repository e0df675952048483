import { type Stats, constants } from 'node:fs';
import { type FileHandle, open, realpath } from 'node:fs/promises';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import * as path from 'node:path';
import { readManifest, MANIFEST_FILE } from './manifest.js';
import { SiteError } from './site-error.js';
import { notModified, validatorsOf } from './validators.js';

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
 * threads); every file is same-origin, which require-corp allows. nosniff: a file is only ever what
 * its Content-Type says.
 */
const HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
} as const;

/** Bounds on what a client may hold: header size and time, request time, idle keep-alive, sockets. */
const LIMITS = { maxHeaderSize: 16 * 1024, headersTimeout: 10_000, requestTimeout: 60_000, keepAliveTimeout: 5_000, maxConnections: 64 };

/** Kept by the browser, and revalidated before each use (./validators.ts): a reload is a 304 per file. */
const CACHE_CONTROL = 'no-cache';

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

export interface ServedSite {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/**
 * Serves the site `vnetc web` wrote in `root` on 127.0.0.1 (localhost is a secure context, so the
 * camera may be asked for), GET and HEAD only, and nothing but the files its manifest lists
 * (./manifest.ts): never a dotfile, a symbolic link or another file of the folder. A request whose
 * Host is not this server (127.0.0.1, localhost or [::1] on its port) is refused, so a page of another
 * site cannot reach it through DNS rebinding; a malformed URL is 400. Every file carries validators
 * (ETag, Last-Modified) and is revalidated on reload: 304 when unchanged. Port 0 picks a free one.
 */
export async function serveSite(root: string, port: number): Promise<ServedSite> {
  const base = await realpath(root);
  const files = await readManifest(base);
  if (files.size === 0) throw new SiteError('usage', `'${root}' holds no site written by vnetc web (no ${MANIFEST_FILE})`);
  const hosts = new Set<string>();
  const server = createServer({ maxHeaderSize: LIMITS.maxHeaderSize }, (request, response) => {
    answer(request, response, base, files, hosts).catch(() => response.destroy());
  });
  server.headersTimeout = LIMITS.headersTimeout;
  server.requestTimeout = LIMITS.requestTimeout;
  server.keepAliveTimeout = LIMITS.keepAliveTimeout;
  server.maxConnections = LIMITS.maxConnections;
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const actual = typeof address === 'object' && address !== null ? address.port : port;
  for (const host of ['127.0.0.1', 'localhost', '[::1]']) hosts.add(`${host}:${actual}`);
  return {
    url: `http://127.0.0.1:${actual}/`,
    server,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

async function answer(request: IncomingMessage, response: ServerResponse, base: string, files: ReadonlySet<string>, hosts: ReadonlySet<string>): Promise<void> {
  const reply = (status: number, text: string, extra: Record<string, string> = {}) => {
    response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...HEADERS, ...extra });
    response.end(`${text}\n`);
  };
  if (!hosts.has((request.headers.host ?? '').toLowerCase())) return reply(403, `this server answers only http://${[...hosts][0] ?? '127.0.0.1'}/`);
  if (request.method !== 'GET' && request.method !== 'HEAD') return reply(405, 'only GET and HEAD', { Allow: 'GET, HEAD' });
  const file = sitePath(request.url ?? '');
  if (file === undefined) return reply(400, 'bad request path');
  if (!files.has(file)) return reply(404, 'not found');
  const opened = await openServed(path.join(base, ...file.split('/')));
  if (opened === undefined) return reply(404, 'not found');
  const { handle, info } = opened;
  const size = info.size;
  const validators = validatorsOf(info);
  if (notModified(request.headers, validators)) {
    await handle.close();
    response.writeHead(304, { 'Cache-Control': CACHE_CONTROL, ...validators, ...HEADERS });
    response.end();
    return;
  }
  response.writeHead(200, {
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Content-Length': size,
    'Cache-Control': CACHE_CONTROL,
    ...validators,
    ...HEADERS,
  });
  if (request.method === 'HEAD' || size === 0) {
    response.end();
    await handle.close();
    return;
  }
  const stream = handle.createReadStream({ start: 0, end: Math.max(0, size - 1), autoClose: true });
  stream.on('error', () => response.destroy());
  response.on('close', () => stream.destroy());
  stream.pipe(response);
}

/**
 * The site file a request target names (`/` is index.html), or undefined for a target that is not a
 * plain path: not origin-form, a bad percent escape, an empty segment, a NUL or a backslash.
 */
export function sitePath(target: string): string | undefined {
  const pathname = target.split(/[?#]/, 1)[0] ?? '';
  if (!pathname.startsWith('/') || pathname.startsWith('//')) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (
    /[\u0000\\]/.test(decoded) ||
    decoded
      .slice(1)
      .split('/')
      .some((part, i, all) => part === '' && !(i === 0 && all.length === 1))
  )
    return undefined;
  return decoded === '/' ? 'index.html' : decoded.slice(1);
}

/** Opens a site file only if its real path is itself (no link on the way) and it is a regular file. */
async function openServed(file: string): Promise<{ handle: FileHandle; info: Stats } | undefined> {
  if ((await realpath(file).catch(() => undefined)) !== file) return undefined;
  const handle = await open(file, OPEN_FLAGS).catch(() => undefined);
  if (handle === undefined) return undefined;
  const info = await handle.stat().catch(() => undefined);
  if (info?.isFile()) return { handle, info };
  await handle.close();
  return undefined;
}
