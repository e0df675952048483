// Preloaded with `node --require` by the lean-install tests: makes the optional runtime libraries look
// uninstalled (as after `npm install --omit=optional`) to both require() and import(), and records every
// attempt to reach one in VNET_HIDDEN_LOG, so a test can tell which commands even tried.
'use strict';
const Module = require('node:module');
const fs = require('node:fs');

const HIDDEN = ['onnxruntime-node', 'onnxruntime-web', 'onnxruntime-common', 'esbuild'];
const hidden = (specifier) => HIDDEN.find((name) => specifier === name || specifier.startsWith(`${name}/`));
const note = (name) => {
  if (process.env.VNET_HIDDEN_LOG) fs.appendFileSync(process.env.VNET_HIDDEN_LOG, `${name}\n`);
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const name = hidden(request);
  if (name !== undefined) {
    note(name);
    const error = new Error(`Cannot find module '${request}'`);
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return resolveFilename.call(this, request, ...rest);
};

const hooks = `
const HIDDEN = ${JSON.stringify(HIDDEN)};
export async function resolve(specifier, context, next) {
  const name = HIDDEN.find((n) => specifier === n || specifier.startsWith(n + '/'));
  if (name !== undefined) {
    ${process.env.VNET_HIDDEN_LOG ? `(await import('node:fs')).appendFileSync(${JSON.stringify(process.env.VNET_HIDDEN_LOG)}, name + '\\n');` : ''}
    const error = new Error("Cannot find package '" + name + "' imported from " + (context.parentURL ?? 'vnet'));
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return next(specifier, context);
}`;
Module.register(`data:text/javascript,${encodeURIComponent(hooks)}`);
