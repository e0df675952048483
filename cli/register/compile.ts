import { type Command, Option } from 'commander';
import type { CommandRegistration, ProgramHost } from '../program-host.js';
import { collect, globalsOf, parseExplainFormat, parseInteger } from '../options.js';
import { ExitCode } from '../context.js';
import type { ExplainFormat } from '../explain.js';

export const registerCompile: CommandRegistration = (program: Command, host: ProgramHost): void => {
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
    .addOption(
      new Option('--target <target>', 'what the model is for (web: standard operators onnxruntime-web runs, checked)')
        .choices(['portable', 'ort-cpu', 'ort-cuda', 'web'])
        .default('portable'),
    )
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
    .option('--uint8-input', "the model takes uint8 [N, T, H, W, 3] cropped frames and normalizes them itself (needs a preprocess section)", false)
    .option('--labels <file|kinetics400|jester>', 'store class names in the model (a file with one per line, or a built-in list)')
    .addOption(
      new Option('--precision <precision>', "int8: calibrated uint8 activations, int8 weights (CPU, web; needs --calibrate); fp16: for --target ort-cuda and web")
        .choices(['fp32', 'int8', 'fp16'])
        .default('fp32'),
    )
    .option('--calibrate <path>', 'int8: calibration clips, a float32 .npy clip, a video (the network\'s preprocessing), or a folder of them')
    .addOption(new Option('--calibration <method>', "int8: how activation ranges are measured (percentile keeps 99.999% of values)").choices(['minmax', 'percentile']))
    .option('--keep-float <layers>', 'int8: layers (or layer prefixes such as layer4), comma-separated, that stay float')
    .option('--validate <path>', 'int8: held-out clips; prints cosine, max abs diff and top-1 agreement with the fp32 model, and the 5 layers of worst SQNR')
    .option('--fp16-io', 'fp16: float16 inputs and outputs too (default: float32 at the model boundary)', false)
    .option('--strict', 'warnings (e.g. NaN or Inf in the weights) fail the compile (exit 1, nothing written)', false)
    .option('--allow-imports-outside', 'let imports read files outside the project root (see README: Security)', false)
    .action(async (file: string, opts: CompileFlags, cmd: Command) => {
      const { compileCommand } = await import('../commands/compile.js');
      const globals = globalsOf(cmd);
      const ctx = host.context(globals);
      const { setOverridesOrReport } = await import('../set-option.js');
      const sets = setOverridesOrReport(opts.set, ctx);
      if (sets === undefined) return host.exit(ExitCode.Usage);
      const code = await compileCommand(
        {
          file,
          sets: sets,
          level: Number(opts.optLevel) as 0 | 1 | 2,
          ...(opts.explain !== undefined ? { explain: opts.explain } : {}),
          externalData: opts.externalData,
          online: opts.online,
          uint8Input: opts.uint8Input,
          cpuLayout: opts.cpuLayout,
          ...(opts.labels !== undefined ? { labels: opts.labels } : {}),
          precision: opts.precision,
          ...(opts.calibrate !== undefined ? { calibrate: opts.calibrate } : {}),
          ...(opts.calibration !== undefined ? { calibration: opts.calibration } : {}),
          ...(opts.keepFloat !== undefined ? { keepFloat: opts.keepFloat.split(',').map((l) => l.trim()).filter((l) => l !== '') } : {}),
          ...(opts.validate !== undefined ? { validate: opts.validate } : {}),
          ...(opts.fp16Io ? { fp16Io: true } : {}),
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
};

export interface CompileFlags {
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
  labels?: string;
  uint8Input: boolean;
  precision: 'fp32' | 'int8' | 'fp16';
  calibrate?: string;
  calibration?: 'minmax' | 'percentile';
  keepFloat?: string;
  validate?: string;
  fp16Io: boolean;
  strict: boolean;
  allowImportsOutside: boolean;
}
