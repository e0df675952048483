import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
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
  registerCompile(program, host);
  registerRun(program, host);
  registerSummary(program, host);
  registerBench(program, host);
  registerPasses(program, host);
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

function registerCompile(program: Command, host: ProgramHost): void {
  program
    .command('compile')
    .description('check a .vnet file, optimize it and write the network as an ONNX model')
    .argument('<file>', 'the .vnet file')
    .option('-o, --output <path>', 'where to write the model (default: <file>.onnx)')
    .option('--network <name>', 'the network to compile (default: the only or last one)')
    .option('--set <NAME=VALUE>', 'override a top-level constant (repeatable)', collect, [])
    .option('--weights <file>', 'a safetensors checkpoint (default: seeded initial values)')
    .option('--weights-prefix <prefix>', "strip this prefix from checkpoint names (e.g. 'module.')")
    .option('--opset <n>', 'ONNX opset, 17 (default) to 21', parseInteger)
    .addOption(new Option('--target <target>', 'what the model is for').choices(['portable', 'ort-cpu', 'ort-cuda']).default('portable'))
    .addOption(new Option('-O, --opt-level <level>', 'optimization level').choices(['0', '1', '2']).default('2'))
    .option('--passes <list>', 'run exactly these passes, comma-separated (see `vnetc passes`)')
    .addOption(
      new Option(
        '--cpu-layout <layout>',
        "ort-cpu: 'blocked' lays out time shifts in onnxruntime's NCHWc layout for this CPU's block size; 'plain' runs on any CPU",
      )
        .choices(['blocked', 'plain'])
        .default('blocked'),
    )
    .option('--explain', 'print, for every candidate site, whether each pass fired and why not', false)
    .option('--external-data', 'write the parameters to <output>.data', false)
    .option('--online', 'compile for streaming: one frame in, past-only shift caches as extra inputs/outputs', false)
    .option('--uint8-input', "the model takes uint8 [N, T, H, W, 3] cropped frames and normalizes them itself (needs a preprocess section)", false)
    .option('--labels <file|kinetics400|jester>', 'store class names in the model (a file with one per line, or a built-in list)')
    .action(async (file: string, opts: CompileFlags, cmd: Command) => {
      const { compileCommand } = await import('./commands/compile.js');
      const { parseSetOverrides } = await import('../compiler/set-overrides.js');
      const globals = globalsOf(cmd);
      const ctx = host.context(globals);
      const set = parseSetOverrides(opts.set);
      if (set.diagnostics.length > 0) {
        const { formatPretty } = await import('../compiler/diagnostics/formats/pretty.js');
        ctx.stderr(formatPretty(set.diagnostics, new Map(), { color: ctx.color, cwd: ctx.cwd }));
        return host.exit(ExitCode.Usage);
      }
      const code = await compileCommand(
        {
          file,
          sets: set.overrides,
          level: Number(opts.optLevel) as 0 | 1 | 2,
          explain: opts.explain,
          externalData: opts.externalData,
          online: opts.online,
          uint8Input: opts.uint8Input,
          cpuLayout: opts.cpuLayout,
          ...(opts.labels !== undefined ? { labels: opts.labels } : {}),
          verify: globals.debug,
          ...(opts.output !== undefined ? { output: opts.output } : {}),
          ...(opts.network !== undefined ? { network: opts.network } : {}),
          ...(opts.weights !== undefined ? { weights: opts.weights } : {}),
          ...(opts.weightsPrefix !== undefined ? { weightsPrefix: opts.weightsPrefix } : {}),
          ...(opts.opset !== undefined ? { opset: opts.opset } : {}),
          ...(opts.target !== undefined ? { target: opts.target } : {}),
          ...(opts.passes !== undefined ? { passes: opts.passes.split(',').map((p) => p.trim()).filter((p) => p !== '') } : {}),
        },
        ctx,
      );
      host.exit(code);
    });
}

interface CompileFlags {
  output?: string;
  network?: string;
  set: string[];
  weights?: string;
  weightsPrefix?: string;
  opset?: number;
  target?: string;
  optLevel: string;
  passes?: string;
  cpuLayout: 'blocked' | 'plain';
  explain: boolean;
  externalData: boolean;
  online: boolean;
  labels?: string;
  uint8Input: boolean;
}

function registerRun(program: Command, host: ProgramHost): void {
  program
    .command('run')
    .description('run a model (.onnx, or a .vnet compiled in memory) on onnxruntime and print the top classes')
    .argument('<model>', 'a .onnx model or a .vnet file')
    .option('--ep <providers>', 'execution providers in order of preference, e.g. cuda,cpu (default: cpu)')
    .option('--threads <n>', 'intra-op threads', parseInteger)
    .option('--input <[NAME=]file.npy>', 'an input tensor (repeatable; missing inputs are generated)', collect, [])
    .option('--top <k>', 'classes shown per item', parseInteger, 5)
    .option('--labels <file>', 'one class label per line')
    .option('--save-output <file.npy>', 'write the first output as .npy')
    .option('--json', 'print a JSON document', false)
    .option('--stream', 'feed the clip frame by frame to an online model (see `vnetc compile --online`)', false)
    .option('--window <n>', 'frames in the online moving average (with --stream)', parseInteger, 8)
    .option('--network <name>', 'the network to compile, for a .vnet file')
    .option('--set <NAME=VALUE>', 'override a top-level constant of a .vnet file (repeatable)', collect, [])
    .option('--video <file|dir>', "classify a video (or every mp4/mkv/webm/avi/mov in a folder) with the model's own preprocessing")
    .option('--views <n>', "temporal clips averaged per video (sampling = clip)", parseInteger, 1)
    .option('--save-input <clip.npy>', 'with --video: write the float clip fed to the model')
    .option('--every <k>', "with --stream --video: feed every k-th frame (default: the model's step, else 1)", parseInteger)
    .action(async (model: string, opts: RunFlags, cmd: Command) => {
      const ctx = host.context(globalsOf(cmd));
      if (opts.video !== undefined && !opts.stream) {
        const { runVideoCommand } = await import('./commands/run-video.js');
        host.exit(
          await runVideoCommand(
            {
              model,
              video: opts.video,
              json: opts.json,
              views: opts.views,
              top: opts.top,
              set: opts.set,
              progress: process.stderr.isTTY === true,
              ...(opts.saveInput !== undefined ? { saveInput: opts.saveInput } : {}),
              ...(opts.labels !== undefined ? { labels: opts.labels } : {}),
              ...(opts.ep !== undefined ? { ep: opts.ep } : {}),
              ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
              ...(opts.network !== undefined ? { network: opts.network } : {}),
            },
            ctx,
          ),
        );
        return;
      }
      if (opts.stream && opts.video !== undefined) {
        const { streamVideoCommand } = await import('./commands/stream-video.js');
        host.exit(
          await streamVideoCommand(
            {
              model,
              video: opts.video,
              window: opts.window,
              json: opts.json,
              ...(opts.every !== undefined ? { every: opts.every } : {}),
              ...(opts.labels !== undefined ? { labels: opts.labels } : {}),
              ...(opts.ep !== undefined ? { ep: opts.ep } : {}),
              ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
            },
            ctx,
          ),
        );
        return;
      }
      if (opts.stream) {
        const { streamCommand } = await import('./commands/stream.js');
        host.exit(
          await streamCommand(
            {
              model,
              input: opts.input,
              window: opts.window,
              top: opts.top,
              json: opts.json,
              set: opts.set,
              ...(opts.labels !== undefined ? { labels: opts.labels } : {}),
              ...(opts.ep !== undefined ? { ep: opts.ep } : {}),
              ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
              ...(opts.network !== undefined ? { network: opts.network } : {}),
            },
            ctx,
          ),
        );
        return;
      }
      const { runCommand } = await import('./commands/run.js');
      host.exit(
        await runCommand(
          {
            model,
            inputs: opts.input,
            top: opts.top,
            json: opts.json,
            set: opts.set,
            ...(opts.ep !== undefined ? { ep: opts.ep } : {}),
            ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
            ...(opts.labels !== undefined ? { labels: opts.labels } : {}),
            ...(opts.saveOutput !== undefined ? { saveOutput: opts.saveOutput } : {}),
            ...(opts.network !== undefined ? { network: opts.network } : {}),
          },
          ctx,
        ),
      );
    });
}

export interface RunFlags {
  ep?: string;
  threads?: number;
  input: string[];
  top: number;
  labels?: string;
  saveOutput?: string;
  json: boolean;
  stream: boolean;
  window: number;
  video?: string;
  views: number;
  saveInput?: string;
  every?: number;
  network?: string;
  set: string[];
}

function registerSummary(program: Command, host: ProgramHost): void {
  program
    .command('summary')
    .description('print every layer of a network: output shape, parameters, multiply-accumulates, and totals')
    .argument('<file>', 'the .vnet file')
    .option('--network <name>', 'only this network')
    .option('--set <NAME=VALUE>', 'override a top-level constant (repeatable)', collect, [])
    .action(async (file: string, opts: { network?: string; set: string[] }, cmd: Command) => {
      const ctx = host.context(globalsOf(cmd));
      const { parseSetOverrides } = await import('../compiler/set-overrides.js');
      const set = parseSetOverrides(opts.set);
      if (set.diagnostics.length > 0) {
        const { formatPretty } = await import('../compiler/diagnostics/formats/pretty.js');
        ctx.stderr(formatPretty(set.diagnostics, new Map(), { color: ctx.color, cwd: ctx.cwd }));
        return host.exit(ExitCode.Usage);
      }
      const { summaryCommand } = await import('./commands/summary.js');
      host.exit(await summaryCommand({ file, sets: set.overrides, ...(opts.network !== undefined ? { network: opts.network } : {}) }, ctx));
    });
}

function registerBench(program: Command, host: ProgramHost): void {
  program
    .command('bench')
    .description('time TSN, TSM (-O0 and -O2 ort-cpu) and the torch export of TSM-ResNet50 on onnxruntime CPU')
    .option('--runs <n>', 'timed runs per model', parseInteger, 10)
    .option('--threads <n>', 'intra-op threads', parseInteger, 2)
    .option('--quick', 'small inputs (for a smoke test)', false)
    .option('--inplace', 'also time TSM with the in-place shift (tsm_resnet50_inplace)', false)
    .action(async (opts: { runs: number; threads: number; quick: boolean; inplace: boolean }, cmd: Command) => {
      const ctx = host.context(globalsOf(cmd));
      const { benchCommand } = await import('./commands/bench.js');
      host.exit(await benchCommand(opts, ctx));
    });
}

function registerPasses(program: Command, host: ProgramHost): void {
  program
    .command('passes')
    .description('list the optimization passes and the -O levels that run them')
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = host.context(globalsOf(cmd));
      const { ALL_PASSES, LEVELS } = await import('../compiler/passes/pipeline.js');
      const width = Math.max(...ALL_PASSES.map((p) => p.name.length));
      const levels = (name: string) => ([0, 1, 2] as const).filter((l) => LEVELS[l].includes(name)).map((l) => `-O${l}`).join(' ');
      for (const p of ALL_PASSES) ctx.stdout(`${p.name.padEnd(width)}  ${levels(p.name).padEnd(8)}  ${p.description}\n`);
      ctx.stdout(
        `\nafter the passes, with --target ort-cpu (-O1 -O2, --cpu-layout blocked):\n` +
          `${'ort-cpu-layout'.padEnd(width)}  ${''.padEnd(8)}  lay the model out in onnxruntime's NCHWc layout for this CPU; time shifts of whole channel blocks move in it, without reorders\n`,
      );
      host.exit(ExitCode.Ok);
    });
}

function parseInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`expected an integer, got '${value}'`);
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function globalsOf(cmd: Command): GlobalOptions {
  const all = cmd.optsWithGlobals<{ color?: boolean; debug?: boolean }>();
  return { color: all.color !== false, debug: all.debug === true };
}
