#!/usr/bin/env node
import { installSignalCleanup } from '../io/cleanup.js';
import { fileReason } from '../io/reason.js';
import { type CliContext, ExitCode } from './context.js';
import { reportError } from './error-report.js';
import { type GlobalOptions, runProgram } from './program.js';
import { vnetPackage } from '../base/package-files.js';

/** The `vnetc` executable: the real process as the program's host, its result as the exit code. */
function realContext(globals: GlobalOptions): CliContext {
  const noColor = (process.env.NO_COLOR ?? '') !== '';
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    color: globals.color && process.stdout.isTTY === true && !noColor,
    debug: globals.debug,
    cwd: process.cwd(),
  };
}

// `vnetc check ... | head` closes the pipe early: stop quietly. Any other failure to write stdout
// (`> /dev/full`) is one line on stderr and exit 2, never a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? ExitCode.Ok);
  process.stderr.write(`vnetc: cannot write to standard output: ${fileReason(error)}\n`);
  process.exit(ExitCode.Usage);
});
// Ctrl-C or SIGTERM while a model is written: remove temporary files and scratch folders, exit 128 + signal.
installSignalCleanup();

const argv = process.argv.slice(2);
runProgram({ version: vnetPackage().version, context: realContext }, argv).then(
  (code) => {
    // Set, not process.exit(): pending writes to a pipe must drain first.
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportError(
      error,
      { stderr: (text) => void process.stderr.write(text), debug: argv.includes('--debug'), cwd: process.cwd() },
      argv.find((a) => !a.startsWith('-')) ?? 'vnetc',
    );
  },
);
