// The vnet extension: starts a vnet language server (`vnetc lsp --stdio`) and connects VS Code to it.
// Which server: see find-server.js. Bundled with esbuild into dist/extension.js (build.mjs).
'use strict';
const path = require('node:path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');
const { chooseServer, findOnPath } = require('./find-server');

/** @type {import('vscode-languageclient/node').LanguageClient | undefined} */
let client;
/** @type {import('vscode').ExtensionContext} */
let extension;

/** Folders to look for the project's own vnet in: the .vnet file's folder first, then the workspace folders. */
function searchFrom() {
  const docs = [vscode.window.activeTextEditor?.document, ...vscode.workspace.textDocuments].filter(
    (d) => d && d.languageId === 'vnet' && d.uri.scheme === 'file',
  );
  return [...docs.map((d) => path.dirname(d.uri.fsPath)), ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath)];
}

/** @param {import('vscode').ExtensionContext} context */
async function activate(context) {
  extension = context;
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('vnet')) return;
      await restart();
    }),
    vscode.commands.registerCommand('vnet.restartServer', restart),
  );
  await start();
}

async function restart() {
  if (client) await client.stop();
  client = undefined;
  await start();
}

async function start() {
  const config = vscode.workspace.getConfiguration('vnet');
  const chosen = chooseServer({
    from: searchFrom(),
    bundled: extension.asAbsolutePath(path.join('server', 'vnet-lsp.js')),
    setting: config.get('server.command') || '',
    nodePath: findOnPath('node'),
    execPath: process.execPath,
  });
  const run = {
    command: chosen.command,
    args: chosen.args,
    transport: TransportKind.stdio,
    options: {
      ...(chosen.env ? { env: chosen.env } : {}),
      ...(chosen.root ? { cwd: chosen.root } : {}),
      shell: process.platform === 'win32' && chosen.command.endsWith('.cmd'),
    },
  };
  client = new LanguageClient(
    'vnet',
    'vnet language server',
    { run, debug: run },
    {
      documentSelector: [
        { scheme: 'file', language: 'vnet' },
        { scheme: 'untitled', language: 'vnet' },
      ],
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.vnet') },
      initializationOptions: { set: config.get('set') ?? {} },
    },
  );
  client.outputChannel.appendLine(`vnet: ${chosen.kind} server: ${chosen.command} ${chosen.args.join(' ')} --stdio`);
  await client.start();
}

async function deactivate() {
  if (client) await client.stop();
}

module.exports = { activate, deactivate };
