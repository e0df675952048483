/**
 * The vnet language server: wiring only. Each feature is its own file over the checker, printer and
 * diagnostics; this file connects them to LSP requests, runs checks (debounced) after edits, and keeps
 * the server up: a handler that throws answers with an error response, a cancelled request with
 * RequestCancelled, and a failed check is logged, never fatal.
 */
import {
  type CancellationToken,
  type Connection,
  ErrorCodes,
  type InitializeResult,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { completion } from './completion.js';
import { definition } from './definition.js';
import { DiagnosticsPublisher, diagnosticsByFile } from './diagnostics.js';
import { formatting } from './formatting.js';
import { hover } from './hover.js';
import { inlayHints } from './inlay-hints.js';
import { references } from './references.js';
import { prepareRename, rename } from './rename.js';
import { signatureHelp } from './signature-help.js';
import { documentSymbols } from './symbols.js';
import { uriToPath } from './uri.js';
import { Workspace } from './workspace.js';

/** Milliseconds of quiet after an edit before the check runs (a burst of keystrokes is checked once). */
export const CHECK_DELAY_MS = 15;

export function startStdioServer(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Connection {
  const connection = createConnection(input, output, {
    // A request still queued when its cancellation arrives is answered at once, never run.
    connectionStrategy: {
      cancelUndispatched: (message) => ({
        jsonrpc: message.jsonrpc,
        id: (message as { id?: number | string }).id ?? null,
        error: new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled').toJson(),
      }),
    },
  });
  serve(connection);
  connection.listen();
  return connection;
}

export function serve(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const ws = new Workspace(documents);
  const publisher = new DiagnosticsPublisher((uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }));
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;

  const log = (what: string, error: unknown): void => {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    connection.console.error(`vnet: ${what}: ${text}`);
  };

  const flush = (): void => {
    timer = undefined;
    const rechecked = [...pending].filter((p) => ws.document(p) !== undefined);
    pending.clear();
    for (const p of rechecked) {
      try {
        ws.analysis(p);
      } catch (error) {
        log(`checking ${p} failed`, error);
      }
    }
    try {
      publisher.publish(
        diagnosticsByFile(ws.all(), (p) => ws.uriOf(p)),
        (p) => ws.uriOf(p),
        rechecked,
      );
    } catch (error) {
      log('publishing diagnostics failed', error);
    }
  };

  const schedule = (paths: readonly string[]): void => {
    for (const p of paths) pending.add(p);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, CHECK_DELAY_MS);
  };

  connection.onInitialize((params): InitializeResult => {
    const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)) ?? (params.rootUri ? [uriToPath(params.rootUri)] : []);
    ws.folders = folders;
    const options = params.initializationOptions as { set?: unknown } | undefined;
    if (options?.set && typeof options.set === 'object') {
      ws.sets = Object.fromEntries(Object.entries(options.set as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    }
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        inlayHintProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentSymbolProvider: true,
        renameProvider: { prepareProvider: true },
        completionProvider: { triggerCharacters: ['>', '(', ',', '.', '['] },
        signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: ['='] },
        documentFormattingProvider: true,
      },
      serverInfo: { name: 'vnet' },
    };
  });

  documents.onDidChangeContent((e) => schedule(ws.invalidate(uriToPath(e.document.uri))));
  documents.onDidClose((e) => {
    const path = uriToPath(e.document.uri);
    const dependents = ws.invalidate(path).filter((p) => p !== path);
    ws.forget(path);
    publisher.clear(path, e.document.uri);
    schedule(dependents);
  });
  connection.onDidChangeWatchedFiles(() => schedule(ws.invalidateAll()));

  connection.onHover(guard('hover', (p) => hover(ws, p.textDocument.uri, p.position)));
  connection.languages.inlayHint.on(guard('inlay hints', (p) => inlayHints(ws, p.textDocument.uri, p.range)));
  connection.onDefinition(guard('definition', (p) => definition(ws, p.textDocument.uri, p.position)));
  connection.onReferences(guard('references', (p) => references(ws, p.textDocument.uri, p.position, p.context.includeDeclaration)));
  connection.onDocumentSymbol(
    guard('document symbols', (p) => {
      const a = ws.analysis(uriToPath(p.textDocument.uri));
      const module = a?.result.program.modules.get(uriToPath(p.textDocument.uri));
      return module ? documentSymbols(module.file) : [];
    }),
  );
  connection.onPrepareRename(guard('prepare rename', (p) => prepareRename(ws, p.textDocument.uri, p.position)));
  connection.onRenameRequest(guard('rename', (p) => rename(ws, p.textDocument.uri, p.position, p.newName)));
  connection.onCompletion(guard('completion', (p) => completion(ws, p.textDocument.uri, p.position)));
  connection.onSignatureHelp(guard('signature help', (p) => signatureHelp(ws, p.textDocument.uri, p.position)));
  connection.onDocumentFormatting(
    guard('formatting', (p) => {
      const doc = documents.get(p.textDocument.uri);
      return doc ? formatting(doc) : [];
    }),
  );
  documents.listen(connection);

  /** A handler that answers an error response instead of throwing, and honours cancellation. */
  function guard<P, R>(what: string, handler: (params: P) => R): (params: P, token: CancellationToken) => R | ResponseError<void> {
    return (params, token) => {
      if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
      try {
        return handler(params);
      } catch (error) {
        if (error instanceof ResponseError) return error as ResponseError<void>;
        log(`${what} failed`, error);
        return new ResponseError(ErrorCodes.InternalError, `vnet: ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
  }
}
