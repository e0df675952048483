// The vnet extension: starts `vnetc lsp --stdio` and connects VS Code to it. Plain CommonJS so the
// folder runs as it is (no build step); vscode-languageclient comes from this folder's package.json.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

/** @type {import('vscode-languageclient/node').LanguageClient | undefined} */
let client;

/** The configured vnetc, else the workspace's own (`npm install vnet`), else `vnetc` on the PATH. */
function serverCommand() {
  const configured = vscode.workspace.getConfiguration('vnet').get('server.command');
  if (typeof configured === 'string' && configured !== '') return configured;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const local = path.join(folder.uri.fsPath, 'node_modules', '.bin', process.platform === 'win32' ? 'vnetc.cmd' : 'vnetc');
    if (fs.existsSync(local)) return local;
  }
  return 'vnetc';
}

/** @param {import('vscode').ExtensionContext} context */
async function activate(context) {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('vnet')) return;
      if (client) await client.stop();
      await start();
    }),
  );
  await start();
}

async function start() {
  const command = serverCommand();
  const run = { command, args: ['lsp', '--stdio'], transport: TransportKind.stdio, options: { shell: process.platform === 'win32' } };
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
      initializationOptions: { set: vscode.workspace.getConfiguration('vnet').get('set') ?? {} },
    },
  );
  await client.start();
}

async function deactivate() {
  if (client) await client.stop();
}

module.exports = { activate, deactivate };
