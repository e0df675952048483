import { Command, CommanderError, Option } from 'commander';
import { type CliContext, ExitCode } from './context.js';
import { formatInternalError } from './internal-error.js';
import { REPORT_FORMATS, type ReportFormat } from './report.js';

/** Options every command accepts (before or after the command name). */
export interface GlobalOptions {
  /** False with --no-color. */
  readonly color: boolean;
  readonly debug: boolean;
}

/** What the program needs from its host: main.ts gives the real process, tests a capturing one. */
export interface ProgramHost {
  readonly version: string;
  /** The context a command runs in, once the global options are known. */
  readonly context: (globals: GlobalOptions) => CliContext;
  /** Receives the exit code a command returned. */
  readonly exit: (code: number) => void;
  /** Where commander writes help, version and usage errors (default: the process streams). */
  readonly writeOut?: (text: string) => void;
  readonly writeErr?: (text: string) => void;
}

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
  registerCheck(program, host);
  registerFmt(program, host);
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
    const writeErr = host.writeErr ?? ((text: string) => void process.stderr.write(text));
    writeErr(formatInternalError(error, argv.includes('--debug')));
    return ExitCode.Usage;
  }
}

function registerCheck(program: Command, host: ProgramHost): void {
  program
    .command('check')
    .description('check .vnet files (directories are searched for *.vnet) and report every problem')
    .argument('<paths...>', '.vnet files or directories')
    .addOption(new Option('--format <format>', 'report format').choices(REPORT_FORMATS).default('text'))
    .option('--strict', 'warnings fail the check (exit 1)', false)
    .option('--set <NAME=VALUE>', 'override a top-level constant (repeatable)', collect, [])
    .action(async (paths: string[], opts: { format: ReportFormat; strict: boolean; set: string[] }, cmd: Command) => {
      const { runCheck } = await import('./commands/check.js');
      const options = { paths, format: opts.format, strict: opts.strict, set: opts.set, toolVersion: host.version };
      host.exit(await runCheck(options, host.context(globalsOf(cmd))));
    });
}

function registerFmt(program: Command, host: ProgramHost): void {
  program
    .command('fmt')
    .description('rewrite .vnet files in canonical layout (directories are searched for *.vnet)')
    .argument('<paths...>', '.vnet files or directories')
    .option('--check', 'write nothing; exit 1 if a file is not formatted', false)
    .action(async (paths: string[], opts: { check: boolean }, cmd: Command) => {
      const { runFmt } = await import('./commands/fmt.js');
      host.exit(await runFmt({ paths, check: opts.check }, host.context(globalsOf(cmd))));
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function globalsOf(cmd: Command): GlobalOptions {
  const all = cmd.optsWithGlobals<{ color?: boolean; debug?: boolean }>();
  return { color: all.color !== false, debug: all.debug === true };
}
