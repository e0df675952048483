import type { Command } from 'commander';
import type { CommandRegistration, ProgramHost } from '../program-host.js';
import { MAX_THREADS, MAX_TOP, MAX_WINDOW, collect, definedOnly, globalsOf, parseCount } from '../options.js';
import { DEFAULT_TOP, DEFAULT_WINDOW } from '../../portable/defaults.js';

export const registerRun: CommandRegistration = (program: Command, host: ProgramHost): void => {
  program
    .command('run')
    .description('run a model (.onnx, or a .vnet compiled in memory) on onnxruntime and print the top classes')
    .argument('<model>', 'a .onnx model or a .vnet file')
    .option('--ep <providers>', 'execution providers in order of preference, e.g. cuda,cpu (default: cpu)')
    .option('--threads <n>', `intra-op threads (1 to ${MAX_THREADS})`, parseCount('--threads', MAX_THREADS))
    .option('--input <[NAME=]file.npy>', 'an input tensor (repeatable; missing inputs are generated)', collect, [])
    .option('--top <k>', `classes shown per item (1 to ${MAX_TOP})`, parseCount('--top', MAX_TOP), DEFAULT_TOP)
    .option('--labels <file|kinetics400|jester>', 'one class label per line, or a built-in list')
    .option('--save-output <file.npy>', 'write the first output as .npy')
    .option('--json', 'print a JSON document', false)
    .option('--stream', 'feed the clip frame by frame to an online model (see `vnetc compile --online`)', false)
    .option('--window <n>', `frames in the online moving average (with --stream; 1 to ${MAX_WINDOW})`, parseCount('--window', MAX_WINDOW), DEFAULT_WINDOW)
    .option('--network <name>', 'the network to compile, for a .vnet file')
    .option('--set <NAME=VALUE>', 'override a top-level constant of a .vnet file (repeatable)', collect, [])
    .option('--video <file|dir>', "classify a video (or every mp4/mkv/webm/avi/mov in a folder) with the model's own preprocessing")
    .option('--views <n>', 'temporal clips averaged per video (sampling = clip; 1 to 100)', parseCount('--views', 100), 1)
    .option('--save-input <clip.npy>', 'with --video: write the float clip fed to the model')
    .option('--no-autorotate', 'with --video: feed frames as stored, ignoring the rotation the file asks for (its display matrix)')
    .option('--strict', 'with --video: warnings (a damaged file, a rotation not applied) fail the video (exit 1)', false)
    .option('--every <k>', "with --stream --video: feed every k-th frame (default: the model's step, else 1)", parseCount('--every', 100_000))
    .option('--allow-imports-outside', 'let imports read files outside the project root (see README: Security)', false)
    .action(async (model: string, opts: RunFlags, cmd: Command) => {
      const ctx = host.context(globalsOf(cmd));
      // What every kind of run takes, when given.
      const given = definedOnly({ labels: opts.labels, ep: opts.ep, threads: opts.threads, network: opts.network });
      if (opts.video !== undefined && !opts.stream) {
        const { runVideoCommand } = await import('../commands/run-video.js');
        host.exit(
          await runVideoCommand(
            {
              model,
            ...given,
              ...given,
              video: opts.video,
              json: opts.json,
              views: opts.views,
              top: opts.top,
              set: opts.set,
              progress: process.stderr.isTTY === true,
              strict: opts.strict,
              autorotate: opts.autorotate,
              ...(opts.saveInput !== undefined ? { saveInput: opts.saveInput } : {}),
            },
            ctx,
          ),
        );
        return;
      }
      if (opts.stream && opts.video !== undefined) {
        const { streamVideoCommand } = await import('../commands/stream-video.js');
        host.exit(
          await streamVideoCommand(
            {
              model,
            ...given,
              ...given,
              video: opts.video,
              window: opts.window,
              json: opts.json,
              autorotate: opts.autorotate,
              ...(opts.every !== undefined ? { every: opts.every } : {}),
            },
            ctx,
          ),
        );
        return;
      }
      if (opts.stream) {
        const { streamCommand } = await import('../commands/stream.js');
        host.exit(
          await streamCommand(
            {
              model,
            ...given,
              ...given,
              input: opts.input,
              window: opts.window,
              top: opts.top,
              json: opts.json,
              set: opts.set,
              allowImportsOutside: opts.allowImportsOutside,
            },
            ctx,
          ),
        );
        return;
      }
      const { runCommand } = await import('../commands/run.js');
      host.exit(
        await runCommand(
          {
            model,
            ...given,
            inputs: opts.input,
            top: opts.top,
            json: opts.json,
            set: opts.set,
            allowImportsOutside: opts.allowImportsOutside,
            ...(opts.saveOutput !== undefined ? { saveOutput: opts.saveOutput } : {}),
          },
          ctx,
        ),
      );
    });
};

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
  autorotate: boolean;
  strict: boolean;
  network?: string;
  set: string[];
  allowImportsOutside: boolean;
}
