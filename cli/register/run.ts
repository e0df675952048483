import * as path from 'node:path';
import type { Command } from 'commander';
import type { CommandRegistration, ProgramHost } from '../program-host.js';
import { MAX_THREADS, MAX_TOP, MAX_WINDOW, importsFlag, labelsFlag, setFlag } from '../options.js';
import { defineCommand, optionsOf } from '../flags/command.js';
import { countFlag, listFlag, longName, negatedFlag, switchFlag, textFlag, type FlagValues } from '../flags/flag.js';
import { registerCommand } from '../flags/register.js';
import { fail } from '../error-report.js';
import { DEFAULT_TOP, DEFAULT_WINDOW } from '../../portable/defaults.js';

/** A .vnet model's flags: the modes that compile the model (`--stream --video` takes an .onnx). */
const COMPILING = ['clip', 'video', 'stream'] as const;

export const RUN = defineCommand({
  name: 'run',
  description: 'run a model (.onnx, or a .vnet compiled in memory) on onnxruntime and print the top classes',
  args: [{ spelling: '<model>', description: 'a .onnx model or a .vnet file' }],
  flags: {
    ep: textFlag('--ep <providers>', 'execution providers in order of preference, e.g. cuda,cpu (default: cpu)'),
    threads: countFlag('--threads <n>', 'intra-op threads', MAX_THREADS),
    input: listFlag(
      '--input <[NAME=]file.npy>',
      'an input tensor; NAME=file for a model with several inputs (repeatable; missing inputs are generated). With --stream: the clip .npy or a folder of frame .npy files',
      {
        modes: ['clip', 'stream'],
        to: 'inputs',
      },
    ),
    top: countFlag('--top <k>', 'classes shown per item', MAX_TOP, { default: DEFAULT_TOP, modes: ['clip', 'video', 'stream'] }),
    labels: labelsFlag('one class label per line, or a built-in list'),
    saveOutput: textFlag('--save-output <file.npy>', 'write the first output as .npy', { modes: ['clip'] }),
    json: switchFlag('--json', 'print JSON'),
    stream: switchFlag('--stream', 'feed the clip frame by frame to an online model (see `vnetc compile --online`)'),
    window: countFlag('--window <n>', 'frames in the online moving average', MAX_WINDOW, { default: DEFAULT_WINDOW, modes: ['stream', 'stream-video'] }),
    network: textFlag('--network <name>', 'the network to compile, for a .vnet file', { modes: COMPILING }),
    set: setFlag('override a top-level constant of a .vnet file (repeatable)', { modes: COMPILING }),
    video: textFlag('--video <file|dir>', "classify a video (or every mp4/mkv/webm/avi/mov in a folder) with the model's own preprocessing"),
    views: countFlag('--views <n>', 'temporal clips averaged per video (a model sampling a clip, not segments)', 100, { default: 1, modes: ['video'] }),
    saveInput: textFlag('--save-input <clip.npy>', 'write the float clip fed to the model', { modes: ['video'] }),
    autorotate: negatedFlag('--no-autorotate', 'feed frames as stored, ignoring the rotation the file asks for (its display matrix)', {
      modes: ['video', 'stream-video'],
    }),
    strict: switchFlag('--strict', 'warnings (a damaged file, a rotation not applied) fail the video (exit 1)', { modes: ['video'] }),
    every: countFlag('--every <k>', "feed every k-th frame (default: the model's step, else 1)", 100_000, { modes: ['stream-video'] }),
    allowImportsOutside: importsFlag({ modes: COMPILING }),
  },
  modes: {
    phrases: {
      clip: 'without --video or --stream',
      video: 'with --video',
      stream: 'with --stream',
      'stream-video': 'with --stream --video',
    },
    of: (flags) => (flags.video !== undefined ? (flags.stream ? 'stream-video' : 'video') : flags.stream ? 'stream' : 'clip'),
  },
});

export type RunFlags = FlagValues<typeof RUN.flags>;
export type RunMode = ReturnType<NonNullable<typeof RUN.modes>['of']>;

/** The flags that only a .vnet model uses: given with an .onnx model they would do nothing. */
const VNET_ONLY = ['network', 'set', 'allowImportsOutside'] as const;

export const registerRun: CommandRegistration = (program: Command, host: ProgramHost): void => {
  registerCommand(program, host, RUN, async (args, flags, ctx, _globals, given) => {
    const model = args[0] as string;
    const onnxOnly = path.extname(model) !== '.vnet' && VNET_ONLY.find((key) => given.includes(key));
    if (onnxOnly) return fail(ctx, 'usage', `${longName(RUN.flags[onnxOnly].spelling)} has no effect with an .onnx model (it is used with a .vnet file)`);
    switch (RUN.modes.of(flags)) {
      case 'video': {
        const { runVideoCommand } = await import('../commands/run-video.js');
        return runVideoCommand({ model, ...optionsOf(RUN.flags, flags, 'video'), video: flags.video as string, progress: process.stderr.isTTY === true }, ctx);
      }
      case 'stream-video': {
        const { streamVideoCommand } = await import('../commands/stream-video.js');
        return streamVideoCommand({ model, ...optionsOf(RUN.flags, flags, 'stream-video'), video: flags.video as string }, ctx);
      }
      case 'stream': {
        const { streamCommand } = await import('../commands/stream.js');
        return streamCommand({ model, ...optionsOf(RUN.flags, flags, 'stream') }, ctx);
      }
      case 'clip': {
        const { runCommand } = await import('../commands/run.js');
        return runCommand({ model, ...optionsOf(RUN.flags, flags, 'clip') }, ctx);
      }
    }
  });
};
