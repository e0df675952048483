import { Command, CommanderError } from 'commander';
import { ExitCode } from './context.js';
import { reportError } from './error-report.js';
import type { CommandRegistration, ProgramHost } from './program-host.js';
import { registerCheck } from './register/check.js';
import { registerFmt } from './register/fmt.js';
import { registerCompile } from './register/compile.js';
import { registerRun } from './register/run.js';
import { registerSummary } from './register/summary.js';
import { registerBench } from './register/bench.js';
import { registerPasses } from './register/passes.js';
import { registerTriton } from './register/triton.js';
import { registerLsp } from './register/lsp.js';
import { registerWeights } from './register/weights.js';
import { registerWeb } from './register/web.js';

export type { GlobalOptions, ProgramHost } from './program-host.js';

/** The commands, in the order `vnetc --help` lists them; each registers itself from its own file. */
const COMMANDS: readonly CommandRegistration[] = [
  registerCheck,
  registerFmt,
  registerCompile,
  registerRun,
  registerSummary,
  registerBench,
  registerPasses,
  registerWeb,
  registerTriton,
  registerLsp,
  registerWeights,
];

/**
 * The `vnetc` command line. Commands are registered one call each and load their module
 * only when run, so `vnetc --help` and `vnetc check` never load the ONNX runtime.
 * Commander throws (exitOverride) instead of exiting: main.ts maps its errors to exit code 2.
 */
export function buildProgram(host: ProgramHost): Command {
  const program = new Command('vnetc')
    .description('vnet compiler: check, format and compile .vnet video networks')
    .version(host.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--debug', 'print the stack trace of internal errors')
    .option('--no-color', 'never colour the output (also: NO_COLOR=1)')
    .exitOverride()
    .showHelpAfterError('(run vnetc --help for usage)')
    .addHelpText('after', '\nExit codes: 0 clean, 1 problems found, 2 usage, I/O or internal error.');
  if (host.writeOut || host.writeErr) {
    program.configureOutput({
      ...(host.writeOut ? { writeOut: host.writeOut } : {}),
      ...(host.writeErr ? { writeErr: host.writeErr } : {}),
    });
  }
  for (const register of COMMANDS) register(program, host);
  return program;
}

/**
 * Runs the command line `argv` (user arguments only, without `node` and the script) and returns
 * the exit code: the command's own, 0 after --help or --version, 2 for a usage error (commander
 * has printed its message) or an internal error (one line; the stack with --debug).
 */
export async function runProgram(host: Omit<ProgramHost, 'exit'>, argv: readonly string[]): Promise<number> {
  let code: number = ExitCode.Ok;
  const program = buildProgram({
    ...host,
    exit: (c) => {
      code = c;
    },
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    const stderr = host.writeErr ?? ((text: string) => void process.stderr.write(text));
    // A lean install (--omit=optional) reaching a command that needs a runtime library is VN030; a bug, one line.
    return reportError(error, { stderr, debug: argv.includes('--debug'), cwd: process.cwd() }, argv.find((a) => !a.startsWith('-')) ?? 'vnetc');
  }
}
