// Test-only preload for test/hostile/harness.ts interrupt(): `node --require this main.js ...` with
// VNET_TEST_PAUSE_OPEN=<regular expression>. The first time the process opens (fs/promises open) a
// file whose path matches, the open completes, one line `vnet-test: paused at <path>` goes to stderr,
// and the call never returns: the process waits at that exact point (its event loop alive, its signal
// handlers live) for the test's signal. Where the signal lands is fixed by the code, not by timing.
'use strict';
const fsp = require('node:fs/promises');
const { syncBuiltinESMExports } = require('node:module');

const pattern = new RegExp(process.env.VNET_TEST_PAUSE_OPEN ?? '(?!)');
const open = fsp.open;
let paused = false;

fsp.open = async function openThenMaybePause(file, ...rest) {
  const handle = await open.call(this, file, ...rest);
  if (paused || !pattern.test(String(file))) return handle;
  paused = true;
  setInterval(() => undefined, 2 ** 30);
  process.stderr.write(`vnet-test: paused at ${String(file)}\n`);
  return new Promise(() => undefined);
};
// ES modules that import { open } from 'node:fs/promises' see the wrapper too.
syncBuiltinESMExports();
