/**
 * `vnetc run --stream --video FILE [--every k]`: feeds an online model every k-th frame of a video,
 * preprocessed as the model's contract says, and prints the moving average's top class each time it
 * changes, with the time of the frame where it did (its presentation time stamp). `score` is a
 * probability, as in `run --video`: the softmax of the moving average of the logits; that average
 * itself is `logit`.
 */
import * as path from 'node:path';
import type { Preprocess } from '../../contract/preprocess.js';
import { readContract } from '../../contract/model-contract.js';
import { readModelMetadata } from '../../contract/read-metadata.js';
import { diagnose } from '../../base/diagnostics/code.js';
import { ModelWithoutPreprocess } from '../../base/diagnostics/codes.js';
import { RuntimeError } from '../../runtime/errors.js';
import { readBinary } from '../../runtime/files.js';
import { readLabels } from '../../runtime/labels.js';
import { openStream } from '../../runtime/stream.js';
import { escapeControl } from '../../io/escape-text.js';
import { softmax } from '../../portable/softmax.js';
import { topK } from '../../portable/top-k.js';
import { ClipTensor, cropFrame } from '../../runtime/video/clip.js';
import { everyFrame } from '../../runtime/video/frames.js';
import { withVideoInput } from '../../runtime/video/input.js';
import { probeVideo } from '../../runtime/video/probe.js';
import { type CliContext, ExitCode } from '../context.js';
import { reportDiagnostics, reportError } from '../error-report.js';
import type { OptionsOf } from '../flags/flag.js';
import type { RUN } from '../register/run.js';
import { DEFAULT_WINDOW } from '../../portable/defaults.js';

/** `vnetc run --stream --video FILE`: the flags of that mode (cli/register/run.ts), the model and the video. */
export type StreamVideoOptions = OptionsOf<typeof RUN.flags, 'stream-video'> & { readonly model: string; readonly video: string };

export interface LabelChange {
  readonly time: number;
  readonly frame: number;
  readonly class: number;
  readonly label?: string;
  /** The softmax probability of the moving average of the logits. */
  readonly score: number;
  /** The moving average of the class's logit. */
  readonly logit: number;
}

export async function streamVideoCommand(options: StreamVideoOptions, ctx: CliContext): Promise<number> {
  try {
    return await streamVideo(options, ctx);
  } catch (error) {
    return reportError(error, ctx, 'run');
  }
}

async function streamVideo(options: StreamVideoOptions, ctx: CliContext): Promise<number> {
  const bytes = await readBinary(path.resolve(ctx.cwd, options.model), options.model);
  const contract = readContract(readModelMetadata(bytes));
  if (!contract.ok) throw new RuntimeError('model', `'${options.model}': ${contract.error}`);
  const p = contract.value.preprocess;
  if (!p) {
    return reportDiagnostics([diagnose(ModelWithoutPreprocess, { model: options.model })], ctx, { style: 'compact' });
  }
  const every = options.every ?? (p.sampling.scheme === 'every' ? p.sampling.step : 1);
  if (!Number.isInteger(every) || every < 1) throw new RuntimeError('usage', `--every must be a positive integer, got ${every}`);
  const labels = options.labels !== undefined ? await readLabels(path.resolve(ctx.cwd, options.labels), options.labels) : contract.value.labels;
  const stream = await openStream(bytes, {
    window: options.window ?? DEFAULT_WINDOW,
    name: options.model,
    ...(options.ep ? { providers: options.ep.split(',') } : {}),
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    log: (line) => ctx.stderr(`${line}\n`),
  });
  try {
    const video = path.resolve(ctx.cwd, options.video);
    return await withVideoInput(video, options.video, async (input) => {
      const info = await probeVideo(input, options.video);
      const single: Preprocess = { ...p, frames: 1, layout: 'NTCHW', input: 'float' };
      let changes = 0;
      let current = -1;
      for await (const { index, time, image } of everyFrame(input, options.video, info, every, { autorotate: options.autorotate ?? true })) {
        const tensor = new ClipTensor(single);
        tensor.set(0, cropFrame(image, p));
        const step = await stream.push(tensor.data);
        const best = topK(step.smoothed, 1)[0];
        if (best === undefined || best.index === current) continue;
        current = best.index;
        const label = labels?.[best.index];
        const score = softmax(Array.from(step.smoothed))[best.index]!;
        const change: LabelChange = {
          time: Math.round(time * 1e6) / 1e6,
          frame: index,
          class: best.index,
          ...(label !== undefined ? { label } : {}),
          score,
          logit: best.score,
        };
        changes++;
        ctx.stdout(
          options.json
            ? `${JSON.stringify(change)}\n`
            : `${formatTime(change.time)}  frame ${index}  ${label !== undefined ? escapeControl(label) : `class ${best.index}`}  ${score.toFixed(4)}\n`,
        );
      }
      if (changes === 0) ctx.stderr(`vnetc: '${escapeControl(options.video)}' gave no frames\n`);
      return ExitCode.Ok;
    });
  } finally {
    await stream.release();
  }
}

/** `m:ss.mmm` */
export function formatTime(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds - m * 60;
  return `${m}:${s.toFixed(3).padStart(6, '0')}`;
}
