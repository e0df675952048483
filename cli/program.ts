import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { type CliContext, ExitCode } from './context.js';
import { formatInternalError } from './internal-error.js';
import { EXPLAIN_FORMATS, type ExplainFormat } from './explain.js';
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
  registerTriton(program, host);
  registerLsp(program, host);
  registerWeights(program, host);
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
    .option('--max-errors <n>', 'text and compact formats: errors shown per file, then a count of the rest (0: all)', parseWholeNumber, 100)
    .option('--allow-imports-outside', 'let imports read files outside the project root (see README: Security)', false)
    .action(
      async (
        paths: string[],
        opts: { format: ReportFormat; strict: boolean; set: string[]; maxErrors: number; allowImportsOutside: boolean },
        cmd: Command,
      ) => {
        const { runCheck } = await import('./commands/check.js');
        const options = {
          paths,
          format: opts.format,
          strict: opts.strict,
          set: opts.set,
          maxErrors: opts.maxErrors,
          toolVersion: host.version,
          allowImportsOutside: opts.allowImportsOutside,
        };
        host.exit(await runCheck(options, host.context(globalsOf(cmd))));
      },
    );
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
    .option('--weights <file>', 'a safetensors file or PyTorch checkpoint (.pth, .pt, .pth.tar, .pyth; default: seeded initial values)')
    .option('--weights-prefix <prefix>', "strip this prefix from checkpoint names (e.g. 'module.')")
    .option('--weights-key <key>', "the checkpoint entry holding the state dict (default: state_dict, model_state, model, module, or the file)")
    .option('--weights-map <file>', "rename rules for the checkpoint's names, one 'PATTERN => REPLACEMENT' per line (docs/weights.md)")
    .option('--resize-embeddings', "TimeSformer: resize pos_embed / time_embed trained at another size (nearest, as the official code)", false)
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
    .addOption(
      new Option('--explain [format]', "print, for every candidate site, whether each pass fired and why not: 'text' (the default) or 'json'")
        .preset('text')
        .argParser(parseExplainFormat),
    )
    .option('--external-data', 'write the parameters to <output>.data', false)
    .option('--online', 'compile for streaming: one frame in, past-only shift caches as extra inputs/outputs', false)
    .option('--strict', 'warnings (e.g. NaN or Inf in the weights) fail the compile (exit 1, nothing written)', false)
    .option('--allow-imports-outside', 'let imports read files outside the project root (see README: Security)', false)
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
          ...(opts.explain !== undefined ? { explain: opts.explain } : {}),
          externalData: opts.externalData,
          online: opts.online,
          cpuLayout: opts.cpuLayout,
          verify: globals.debug,
          strict: opts.strict,
          allowImportsOutside: opts.allowImportsOutside,
          ...(opts.output !== undefined ? { output: opts.output } : {}),
          ...(opts.network !== undefined ? { network: opts.network } : {}),
          ...(opts.weights !== undefined ? { weights: opts.weights } : {}),
          ...(opts.weightsPrefix !== undefined ? { weightsPrefix: opts.weightsPrefix } : {}),
          ...(opts.weightsKey !== undefined ? { weightsKey: opts.weightsKey } : {}),
          ...(opts.weightsMap !== undefined ? { weightsMap: opts.weightsMap } : {}),
          ...(opts.resizeEmbeddings ? { resizeEmbeddings: true } : {}),
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
  weightsKey?: string;
  weightsMap?: string;
  resizeEmbeddings: boolean;
  opset?: number;
  target?: string;
  optLevel: string;
  passes?: string;
  cpuLayout: 'blocked' | 'plain';
  explain?: ExplainFormat;
  externalData: boolean;
  online: boolean;
  strict: boolean;
  allowImportsOutside: boolean;
}

function registerRun(program: Command, host: ProgramHost): void {
  program
    .command('run')
    .description('run a model (.onnx, or a .vnet compiled in memory) on onnxruntime and print the top classes')
    .argument('<model>', 'a .onnx model or a .vnet file')
    .option('--ep <providers>', 'execution providers in order of preference, e.g. cuda,cpu (default: cpu)')
    .option('--threads <n>', `intra-op threads (1 to ${MAX_THREADS})`, parseCount('--threads', MAX_THREADS))
    .option('--input <[NAME=]file.npy>', 'an input tensor (repeatable; missing inputs are generated)', collect, [])
    .option('--top <k>', `classes shown per item (1 to ${MAX_TOP})`, parseCount('--top', MAX_TOP), 5)
    .option('--labels <file>', 'one class label per line')
    .option('--save-output <file.npy>', 'write the first output as .npy')
    .option('--json', 'print a JSON document', false)
    .option('--stream', 'feed the clip frame by frame to an online model (see `vnetc compile --online`)', false)
    .option('--window <n>', `frames in the online moving average (with --stream; 1 to ${MAX_WINDOW})`, parseCount('--window', MAX_WINDOW), 8)
    .option('--network <name>', 'the network to compile, for a .vnet file')
    .option('--set <NAME=VALUE>', 'override a top-level constant of a .vnet file (repeatable)', collect, [])
    .option('--allow-imports-outside', 'let imports read files outside the project root (see README: Security)', false)
    .action(async (model: string, opts: RunFlags, cmd: Command) => {
      const ctx = host.context(globalsOf(cmd));
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
              allowImportsOutside: opts.allowImportsOutside,
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
            allowImportsOutside: opts.allowImportsOutside,
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
  network?: string;
  set: string[];
  allowImportsOutside: boolean;
}

function registerSummary(program: Command, host: ProgramHost): void {
  program
    .command('summary')
    .description('print every layer of a network: output shape, parameters, multiply-accumulates, and totals')
    .argument('<file>', 'the .vnet file')
    .option('--network <name>', 'only this network')
    .option('--set <NAME=VALUE>', 'override a top-level constant (repeatable)', collect, [])
    .option('--allow-imports-outside', 'let imports read files outside the project root (see README: Security)', false)
    .action(async (file: string, opts: { network?: string; set: string[]; allowImportsOutside: boolean }, cmd: Command) => {
      const ctx = host.context(globalsOf(cmd));
      const { parseSetOverrides } = await import('../compiler/set-overrides.js');
      const set = parseSetOverrides(opts.set);
      if (set.diagnostics.length > 0) {
        const { formatPretty } = await import('../compiler/diagnostics/formats/pretty.js');
        ctx.stderr(formatPretty(set.diagnostics, new Map(), { color: ctx.color, cwd: ctx.cwd }));
        return host.exit(ExitCode.Usage);
      }
      const { summaryCommand } = await import('./commands/summary.js');
      host.exit(await summaryCommand({ file, sets: set.overrides, allowImportsOutside: opts.allowImportsOutside, ...(opts.network !== undefined ? { network: opts.network } : {}) }, ctx));
    });
}

function registerBench(program: Command, host: ProgramHost): void {
  program
    .command('bench')
    .description('time TSN, TSM (-O0 and -O2 ort-cpu) and the torch export of TSM-ResNet50 on onnxruntime CPU')
    .option('--runs <n>', `timed runs per model (1 to ${MAX_RUNS})`, parseCount('--runs', MAX_RUNS), 10)
    .option('--threads <n>', `intra-op threads (1 to ${MAX_THREADS})`, parseCount('--threads', MAX_THREADS), 2)
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

function registerTriton(program: Command, host: ProgramHost): void {
  program
    .command('triton')
    .description('write a Triton Inference Server model repository: dynamic batching, or sequence batching with implicit state for online models')
    .argument('<models...>', '.onnx models compiled by vnetc (online ones with --online)')
    .requiredOption('-o, --output <repo>', 'the model repository folder (created when missing)')
    .option('--max-batch <n>', 'max_batch_size: clips per batch, or concurrent streams of an online model (default 8)', parseInteger)
    .option('--instances <n>', 'model instances (default 1)', parseInteger)
    .option('--gpu', 'GPU instances; fails if a node has no onnxruntime CUDA kernel', false)
    .option('--name <name>', "the model's name in the repository (one model; default: the file's stem)")
    .action(async (models: string[], opts: { output: string; maxBatch?: number; instances?: number; gpu: boolean; name?: string }, cmd: Command) => {
      const { tritonCommand } = await import('./commands/triton.js');
      host.exit(await tritonCommand({ models, ...opts }, host.context(globalsOf(cmd))));
    });
}

function registerLsp(program: Command, host: ProgramHost): void {
  program
    .command('lsp')
    .description('run the language server (hover shapes, inlay hints, diagnostics, ...) for editors')
    .option('--stdio', 'talk LSP over standard input and output', false)
    .action(async (opts: { stdio: boolean }, cmd: Command) => {
      const { lspCommand } = await import('./commands/lsp.js');
      host.exit(await lspCommand(opts, host.context(globalsOf(cmd))));
    });
}

function parseInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`expected an integer, got '${value}'`);
  return n;
}

/** A whole number from 0 up (`--max-errors 0` means all). */
function parseWholeNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`expected a whole number from 0 up, got '${value}'`);
  return n;
}

/** `--explain` alone is `text` (its preset); `--explain json` prints a JSON array. */
function parseExplainFormat(value: string): ExplainFormat {
  if ((EXPLAIN_FORMATS as readonly string[]).includes(value)) return value as ExplainFormat;
  const hint = value.endsWith('.vnet') ? ' (write the file before --explain, or --explain text)' : '';
  throw new InvalidArgumentError(`expected ${EXPLAIN_FORMATS.join(' or ')}, got '${value}'${hint}`);
}

/**
 * Upper bounds of the counting options: far above any real use, low enough that a typo or a
 * hostile value cannot make vnet start 100,000 threads or run for days.
 */
export const MAX_THREADS = 256;
export const MAX_RUNS = 100_000;
export const MAX_TOP = 1000;
export const MAX_WINDOW = 10_000;

/** A parser of `flag`'s value: an integer from 1 to `max`. */
function parseCount(flag: string, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isInteger(n) || n < 1 || n > max) {
      throw new InvalidArgumentError(`${flag} must be an integer from 1 to ${max}, got '${value}'`);
    }
    return n;
  };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function globalsOf(cmd: Command): GlobalOptions {
  const all = cmd.optsWithGlobals<{ color?: boolean; debug?: boolean }>();
  return { color: all.color !== false, debug: all.debug === true };
}

function registerWeights(program: Command, host: ProgramHost): void {
  program
    .command('weights')
    .description('show what a weights file holds (safetensors or PyTorch checkpoint), or convert it to safetensors')
    .argument('<file>', 'a .safetensors file or PyTorch checkpoint (.pth, .pt, .pth.tar, .pyth, .ckpt, .bin)')
    .option('--weights-key <key>', 'the checkpoint entry holding the state dict')
    .option('--weights-map <file>', "rename rules, one 'PATTERN => REPLACEMENT' per line (with --for)")
    .option('--to <out.safetensors>', 'write the float tensors as safetensors (f32)')
    .option('--for <net.vnet>', "with --to: exactly the network's parameters, under its names")
    .option('--network <name>', 'with --for: the network of the file')
    .option('--set <NAME=VALUE>', 'with --for: override a top-level constant (repeatable)', collect, [])
    .option('--list', 'print every tensor: name, dtype, shape', false)
    .action(async (file: string, opts: WeightsFlags, cmd: Command) => {
      const { weightsCommand } = await import('./commands/weights.js');
      const code = await weightsCommand(
        {
          file,
          list: opts.list,
          sets: opts.set,
          ...(opts.weightsKey !== undefined ? { key: opts.weightsKey } : {}),
          ...(opts.weightsMap !== undefined ? { map: opts.weightsMap } : {}),
          ...(opts.to !== undefined ? { to: opts.to } : {}),
          ...(opts.for !== undefined ? { for: opts.for } : {}),
          ...(opts.network !== undefined ? { network: opts.network } : {}),
        },
        host.context(globalsOf(cmd)),
      );
      host.exit(code);
    });
}

interface WeightsFlags {
  weightsKey?: string;
  weightsMap?: string;
  to?: string;
  for?: string;
  network?: string;
  set: string[];
  list: boolean;
}
