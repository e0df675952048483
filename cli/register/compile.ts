import type { Command } from 'commander';
import type { CommandRegistration, ProgramHost } from '../program-host.js';
import { importsFlag, labelsFlag, parseExplainFormat, setFlag } from '../options.js';
import { ExitCode } from '../context.js';
import { defineCommand, optionsOf } from '../flags/command.js';
import { choiceFlag, integerFlag, parsedFlag, parsedFlagWithDefault, switchFlag, textFlag } from '../flags/flag.js';
import { registerCommand } from '../flags/register.js';

/** -O0, -O1, -O2 as the level the compiler takes. */
const parseLevel = (value: string) => Number(value) as 0 | 1 | 2;
/** `--passes a, b,c` and `--keep-float a, b` as lists of names. */
const parseNameList = (value: string) =>
  value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');

export const COMPILE = defineCommand({
  name: 'compile',
  description: 'check a .vnet file, optimize it and write the network as an ONNX model',
  args: [{ spelling: '<file>', description: 'the .vnet file' }],
  flags: {
    output: textFlag('-o, --output <path>', 'where to write the model (default: <file>.onnx)'),
    network: textFlag('--network <name>', 'the network to compile (default: the only or last one)'),
    set: setFlag(),
    weights: textFlag('--weights <file>', 'a safetensors file or PyTorch checkpoint (.pth, .pt, .pth.tar, .pyth, .ckpt, .bin; default: seeded initial values)'),
    weightsPrefix: textFlag('--weights-prefix <prefix>', "strip this prefix from checkpoint names (e.g. 'module.')", { requires: 'weights' }),
    weightsKey: textFlag('--weights-key <key>', 'the checkpoint entry holding the state dict (default: state_dict, model_state, model, module, or the file)', {
      requires: 'weights',
    }),
    weightsMap: textFlag('--weights-map <file>', "rename rules for the checkpoint's names, one 'PATTERN => REPLACEMENT' per line (docs/weights.md)", {
      requires: 'weights',
    }),
    resizeEmbeddings: switchFlag('--resize-embeddings', 'TimeSformer: resize pos_embed / time_embed trained at another size (nearest, as the official code)', {
      requires: 'weights',
    }),
    opset: integerFlag('--opset <n>', 'ONNX opset, 17 (default) to 21'),
    target: choiceFlag(
      '--target <target>',
      'what the model is for (web: standard operators onnxruntime-web runs, checked)',
      ['portable', 'ort-cpu', 'ort-cuda', 'web'],
      { default: 'portable' },
    ),
    optLevel: parsedFlagWithDefault('-O, --opt-level <level>', 'optimization level', 'one of: 0, 1, 2', parseLevel, '2', {
      choices: ['0', '1', '2'],
      to: 'level',
    }),
    passes: parsedFlag('--passes <list>', 'run exactly these passes, comma-separated (see `vnetc passes`)', 'comma-separated pass names', parseNameList),
    cpuLayout: choiceFlag(
      '--cpu-layout <layout>',
      "ort-cpu: 'blocked' lays out time shifts in onnxruntime's NCHWc layout for this CPU's block size; 'plain' runs on any CPU",
      ['blocked', 'plain'],
      { default: 'blocked', modes: ['ort-cpu'] },
    ),
    explain: parsedFlag(
      '--explain [format]',
      "print, for every candidate site, whether each pass fired and why not: 'text' (the default) or 'json'",
      'text or json',
      parseExplainFormat,
      {
        preset: 'text',
      },
    ),
    externalData: switchFlag('--external-data', 'write the parameters to <output>.data'),
    online: switchFlag('--online', 'compile for streaming: one frame in, past-only shift caches as extra inputs/outputs'),
    uint8Input: switchFlag('--uint8-input', 'the model takes uint8 [N, T, H, W, 3] cropped frames and normalizes them itself (needs a preprocess section)'),
    labels: labelsFlag(),
    precision: choiceFlag(
      '--precision <precision>',
      'int8: calibrated uint8 activations, int8 weights (CPU, web; needs --calibrate); fp16: for --target ort-cuda and web',
      ['fp32', 'int8', 'fp16'],
      {
        default: 'fp32',
      },
    ),
    calibrate: textFlag('--calibrate <path>', "int8: calibration clips, a float32 .npy clip, a video (the network's preprocessing), or a folder of them"),
    calibration: choiceFlag('--calibration <method>', 'int8: how activation ranges are measured (percentile keeps 99.999% of values)', [
      'minmax',
      'percentile',
    ]),
    keepFloat: parsedFlag(
      '--keep-float <layers>',
      'int8: layers (or layer prefixes such as layer4), comma-separated, that stay float',
      'comma-separated layer names',
      parseNameList,
    ),
    validate: textFlag(
      '--validate <path>',
      'int8: held-out clips; prints cosine, max abs diff and top-1 agreement with the fp32 model, and the 5 layers of worst SQNR',
    ),
    fp16Io: switchFlag('--fp16-io', 'fp16: float16 inputs and outputs too (default: float32 at the model boundary)'),
    strict: switchFlag('--strict', 'warnings (e.g. NaN or Inf in the weights) fail the compile (exit 1, nothing written)'),
    allowImportsOutside: importsFlag(),
  },
  modes: {
    phrases: { portable: 'with --target portable', 'ort-cpu': 'with --target ort-cpu', 'ort-cuda': 'with --target ort-cuda', web: 'with --target web' },
    of: (flags) => flags.target,
  },
});

export const registerCompile: CommandRegistration = (program: Command, host: ProgramHost): void => {
  registerCommand(program, host, COMPILE, async (args, flags, ctx, globals) => {
    const { setOverridesOrReport } = await import('../set-option.js');
    const sets = setOverridesOrReport(flags.set, ctx);
    if (sets === undefined) return ExitCode.Usage;
    const { compileCommand } = await import('../commands/compile.js');
    const { set: _raw, ...options } = optionsOf(COMPILE.flags, flags);
    return compileCommand({ file: args[0] as string, ...options, sets, verify: globals.debug }, ctx);
  });
};
