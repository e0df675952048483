/**
 * A JSON-RPC client that drives the real `vnetc lsp --stdio` (dist/cli/main.js, which vitest's global
 * setup builds when the sources are newer) over its standard input and output.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { tempTree } from '../cli/helpers.js';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const main = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
export const built = existsSync(main);

export interface Client {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  /** The latest diagnostics published for a URI. */
  readonly diagnostics: Map<string, Diagnostic[]>;
  /** Resolves with the next publication for `uri` that satisfies `accept`. */
  nextDiagnostics(uri: string, accept?: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]>;
  open(file: string, text?: string): Promise<string>;
  change(uri: string, version: number, text: string): Promise<void>;
  stop(): Promise<void>;
  stderr(): string;
}

export interface ClientOptions {
  /** The workspace folder and the server's working directory (default: this repository). */
  readonly folder?: string;
  /** Flags for node before the script (e.g. a heap or stack limit). */
  readonly nodeFlags?: readonly string[];
  /** Another server command line for node (a bundled server) instead of the built `vnetc lsp --stdio`. */
  readonly argv?: readonly string[];
}

export async function startClient(initializationOptions?: object, options: ClientOptions = {}): Promise<Client> {
  const folder = options.folder ?? root;
  const argv = options.argv ?? [main, 'lsp', '--stdio'];
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), ...argv], { cwd: folder, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => void (stderr += d.toString()));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const diagnostics = new Map<string, Diagnostic[]>();
  const waiters: { uri: string; accept: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (p: PublishDiagnosticsParams) => {
    diagnostics.set(p.uri, p.diagnostics);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.accept(p.diagnostics)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p.diagnostics);
      }
    }
  });
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(folder).href,
    workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'vnet' }],
    capabilities: {},
    ...(initializationOptions ? { initializationOptions } : {}),
  });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    process: child,
    diagnostics,
    nextDiagnostics: (uri, accept = () => true) => new Promise((resolve) => waiters.push({ uri, accept, resolve })),
    async open(file, text) {
      const uri = pathToFileURL(file).href;
      await connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'vnet', version: 1, text: text ?? readFileSync(file, 'utf8') },
      });
      return uri;
    },
    async change(uri, version, text) {
      await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    async stop() {
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      } catch {
        // already gone
      }
      connection.dispose();
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    },
    stderr: () => stderr,
  };
}

export interface OpenDocument {
  readonly client: Client;
  readonly uri: string;
  /** Sends a request about the document (`textDocument` filled in). */
  request<R>(method: string, params: object): Promise<R>;
}

/** A server with one document open: `text`, written as `name` in a fresh folder. */
export async function openDocument(text: string, name = 'tiny.vnet'): Promise<OpenDocument> {
  const dir = await tempTree({ [name]: text });
  const client = await startClient();
  const uri = await client.open(path.join(dir, name), text);
  return { client, uri, request: (method, params) => client.connection.sendRequest(method, { textDocument: { uri }, ...params }) };
}

/** The LSP position of the first occurrence of `needle` in `text` (plus `delta` characters). */
export function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`'${needle}' not found`);
  const before = text.slice(0, at + delta);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - (before.lastIndexOf('\n') + 1) };
}
