// Which vnet language server the extension runs, as plain functions of the file system and the
// environment (no `vscode` here, so tests can call them): the project's own vnet, searched from the
// file's folder upwards; else the server bundled with the extension; else `vnet.server.command`;
// else `vnetc` on the PATH. JavaScript is run with `node` from the PATH, or with VS Code's own
// runtime (its executable with ELECTRON_RUN_AS_NODE=1) when there is none.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** The JavaScript file of `vnetc` in the `node_modules/vnet` of `dir`, if that package is vnet and has it. */
function installedVnet(dir) {
  const root = path.join(dir, 'node_modules', 'vnet');
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin && pkg.bin.vnetc;
    if (pkg.name !== 'vnet' || typeof bin !== 'string') return undefined;
    const main = path.join(root, bin);
    return fs.statSync(main).isFile() ? main : undefined;
  } catch {
    return undefined;
  }
}

/** `node_modules/.bin/vnetc` of `dir` (a link to the script, or npm's shim on Windows), if present. */
function binVnetc(dir) {
  const bin = path.join(dir, 'node_modules', '.bin', process.platform === 'win32' ? 'vnetc.cmd' : 'vnetc');
  return fs.existsSync(bin) ? bin : undefined;
}

/**
 * The project's own vnet, searched from `start` upwards: `{ script }` for node_modules/vnet's
 * JavaScript entry, `{ command }` for a node_modules/.bin/vnetc that is not a link to one.
 */
function projectVnet(start) {
  for (let dir = path.resolve(start); ; ) {
    const script = installedVnet(dir);
    if (script) return { script, root: dir };
    const bin = binVnetc(dir);
    if (bin) {
      const real = fs.realpathSync(bin);
      return /\.(c|m)?js$/.test(real) ? { script: real, root: dir } : { command: bin, root: dir };
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The first executable named `name` on PATH (with Windows' extensions), if any. */
function findOnPath(name, env = process.env) {
  const exts = process.platform === 'win32' ? (env.PATHEXT || '.EXE;.CMD').split(';') : [''];
  for (const dir of (env.PATH || env.Path || '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const file = path.join(dir, name + ext);
      try {
        fs.accessSync(file, fs.constants.X_OK);
        if (fs.statSync(file).isFile()) return file;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/**
 * How to run a JavaScript file with Node: `node` from the PATH, else VS Code's own executable as Node
 * (ELECTRON_RUN_AS_NODE=1), so a VS Code started without node on its PATH still runs the server.
 */
function nodeCommand(script, args, { nodePath, execPath, env }) {
  if (nodePath) return { command: nodePath, args: [script, ...args], env: undefined };
  return { command: execPath, args: [script, ...args], env: { ...env, ELECTRON_RUN_AS_NODE: '1' } };
}

/**
 * The server to start. `from`: folders to search for the project's vnet, the file's own first;
 * `bundled`: the extension's server script (if it exists); `setting`: `vnet.server.command`.
 * The result is what vscode-languageclient's Executable takes (it appends `--stdio`), and what was chosen.
 */
function chooseServer({ from, bundled, setting, nodePath, execPath, env = process.env }) {
  const run = { nodePath, execPath, env };
  for (const dir of from) {
    const own = projectVnet(dir);
    if (own && own.script) return { kind: 'project', root: own.root, ...nodeCommand(own.script, ['lsp'], run) };
    if (own && own.command) return { kind: 'project', root: own.root, command: own.command, args: ['lsp'], env: undefined };
  }
  if (bundled && fs.existsSync(bundled)) return { kind: 'bundled', ...nodeCommand(bundled, [], run) };
  if (setting) return { kind: 'setting', command: setting, args: ['lsp'], env: undefined };
  return { kind: 'path', command: 'vnetc', args: ['lsp'], env: undefined };
}

module.exports = { chooseServer, findOnPath, projectVnet };
