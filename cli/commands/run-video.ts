/**
 * `vnetc run MODEL --video PATH`: classifies a video file, or every video in a folder, with the
 * preprocessing the model carries (contract `vnet.preprocess`) and prints the top classes with their
 * names (contract `vnet.labels`). A bad video is reported (VN700-VN703, with its name) and the
 * folder goes on; the exit code is 1 at the end when any failed.
 */
import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { diagnose } from '../../compiler/diagnostics/code.js';
import {
  FfmpegMissing, ModelWithoutPreprocess, NoVideos, VideoDecodeFailed, VideoModelMismatch, VideoNoFrames, VideoNoStream, VideoUnreadable,
} from '../../compiler/diagnostics/codes.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { formatCompact } from '../../compiler/diagnostics/formats/compact.js';
import type { Preprocess } from '../../contract/preprocess.js';
import { readContract } from '../../contract/model-contract.js';
import { readModelMetadata } from '../../contract/read-metadata.js';
import { RuntimeError } from '../../runtime/errors.js';
import { readBinary, ioReason } from '../../runtime/files.js';
import { readLabels } from '../../runtime/labels.js';
import { formatNpy } from '../../runtime/npy.js';
import { openSession } from '../../runtime/session.js';
import { type ClassifiedVideo, classifyVideo } from '../../runtime/video/classify.js';
import { VideoError } from '../../runtime/video/errors.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { type CliContext, ExitCode } from '../context.js';
import { exitCodeFor } from '../exit-code.js';
import { type CompileFile, loadCompiler, loadModel } from './run.js';

export const VIDEO_EXTENSIONS = ['.mp4', '.mkv', '.webm', '.avi', '.mov'];

export interface RunVideoOptions {
  readonly model: string;
  readonly video: string;
  readonly json?: boolean;
  readonly saveInput?: string;
  readonly views?: number;
  readonly top?: number;
  /** A text file of labels, overriding the model's own. */
  readonly labels?: string;
  readonly ep?: string;
  readonly threads?: number;
  readonly set?: readonly string[];
  readonly network?: string;
  /** Progress lines on stderr (a terminal). */
  readonly progress?: boolean;
}

export async function runVideoCommand(options: RunVideoOptions, ctx: CliContext, compile?: CompileFile): Promise<number> {
  try {
    return await runVideos(options, ctx, compile ? async () => compile : loadCompiler);
  } catch (error) {
    if (error instanceof VideoError) return report([videoDiagnostic(error)], ctx);
    if (!(error instanceof RuntimeError)) throw error;
    ctx.stderr(`vnetc: ${error.message}\n`);
    return error.kind === 'usage' || error.kind === 'io' ? ExitCode.Usage : ExitCode.Problems;
  }
}

async function runVideos(options: RunVideoOptions, ctx: CliContext, compile: () => Promise<CompileFile>): Promise<number> {
  const views = positive('--views', options.views ?? 1);
  const top = positive('--top', options.top ?? 5);
  const videos = await listVideos(path.resolve(ctx.cwd, options.video), options.video);
  if (videos.length === 0) return report([diagnose(NoVideos, { path: options.video })], ctx);
  if (options.saveInput !== undefined && videos.length > 1) throw new RuntimeError('usage', '--save-input needs a single video, not a folder');
  const loaded = await loadModel(options, ctx, compile);
  if (typeof loaded === 'number') return loaded;
  const bytes = typeof loaded.model === 'string' ? await readBinary(loaded.model, options.model) : loaded.model;
  const contract = readContract(readModelMetadata(bytes));
  if (!contract.ok) throw new RuntimeError('model', `'${options.model}': ${contract.error}`);
  const preprocess = contract.value.preprocess;
  if (!preprocess) return report([diagnose(ModelWithoutPreprocess, { model: options.model })], ctx);
  const labels = options.labels !== undefined ? await readLabels(path.resolve(ctx.cwd, options.labels), options.labels) : contract.value.labels;
  const opened = await openSession(bytes, {
    name: options.model,
    providers: options.ep?.split(',') ?? ['cpu'],
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    log: (line) => ctx.stderr(`${line}\n`),
  });
  const mismatch = inputMismatch(opened.session.inputMetadata[0], preprocess);
  if (mismatch) return report([diagnose(VideoModelMismatch, { model: options.model, reason: mismatch })], ctx);

  let failed = false;
  for (const [k, video] of videos.entries()) {
    if (options.progress) ctx.stderr(`[${k + 1}/${videos.length}] ${video.shown}\n`);
    let result: ClassifiedVideo;
    try {
      result = await classifyVideo(opened.session, preprocess, video.file, video.shown, { views, top, ...(labels ? { labels } : {}) });
    } catch (error) {
      if (!(error instanceof VideoError)) throw error;
      report([videoDiagnostic(error)], ctx);
      failed = true;
      continue;
    }
    ctx.stdout(options.json ? formatVideoJson(result) : formatVideoText(result));
    if (options.saveInput !== undefined) await saveInput(result, path.resolve(ctx.cwd, options.saveInput), options.saveInput);
  }
  return failed ? ExitCode.Problems : ExitCode.Ok;
}

/** The model's first input must take the clip the contract describes. */
function inputMismatch(meta: { name: string; isTensor: boolean; type?: string; shape?: readonly (number | string)[] } | undefined, p: Preprocess): string | undefined {
  if (!meta || !meta.isTensor || !meta.shape) return 'it has no tensor input';
  const expected = p.input === 'uint8' ? [p.frames, p.crop, p.crop, 3] : p.layout === 'NTCHW' ? [p.frames, 3, p.crop, p.crop] : [3, p.frames, p.crop, p.crop];
  const rest = meta.shape.slice(1);
  const fits = rest.length === expected.length && rest.every((d, i) => typeof d !== 'number' || d < 0 || d === expected[i]);
  const type = p.input === 'uint8' ? 'uint8' : 'float32';
  if (!fits || (meta.type !== undefined && meta.type !== type)) return `input '${meta.name}' is ${meta.type} [${meta.shape.join(', ')}], the preprocessing gives ${type} [N, ${expected.join(', ')}]`;
  return undefined;
}

async function listVideos(file: string, shown: string): Promise<{ file: string; shown: string }[]> {
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    throw new VideoError('unreadable', shown, ioReason(error));
  }
  if (!info.isDirectory()) return [{ file, shown }];
  const names = (await readdir(file)).filter((n) => VIDEO_EXTENSIONS.includes(path.extname(n).toLowerCase())).sort();
  return names.map((n) => ({ file: path.join(file, n), shown: path.join(shown, n) }));
}

export function videoDiagnostic(error: VideoError): Diagnostic {
  switch (error.kind) {
    case 'unreadable':
      return diagnose(VideoUnreadable, { file: error.file, reason: error.detail });
    case 'no-video':
      return diagnose(VideoNoStream, { file: error.file });
    case 'no-frames':
      return diagnose(VideoNoFrames, { file: error.file });
    case 'decode':
      return diagnose(VideoDecodeFailed, { file: error.file, reason: error.detail });
    case 'no-ffmpeg':
      return diagnose(FfmpegMissing, { reason: error.detail });
  }
}

function report(diagnostics: Diagnostic[], ctx: CliContext): number {
  ctx.stderr(formatCompact(diagnostics, new Map(), { color: false, cwd: ctx.cwd }));
  return exitCodeFor(diagnostics);
}

function positive(flag: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RuntimeError('usage', `${flag} must be a positive integer, got ${value}`);
  return value;
}

async function saveInput(result: ClassifiedVideo, file: string, shown: string): Promise<void> {
  const input = result.input;
  if (!(input.data instanceof Float32Array)) throw new RuntimeError('usage', `cannot save '${shown}': the model takes uint8 frames, not a float clip`);
  try {
    await writeFileAtomic(file, formatNpy({ type: 'float32', dims: input.dims, data: input.data }));
  } catch (error) {
    throw new RuntimeError('io', `cannot write '${shown}': ${ioReason(error)}`);
  }
}

export function formatVideoText(r: ClassifiedVideo): string {
  const lines = [`${r.video}: ${r.duration.toFixed(2)} s at ${round(r.fps)} fps, frames ${r.frames.map((v) => v.join(' ')).join(' | ')}`];
  r.top.forEach((t, rank) => lines.push(`  ${rank + 1}. ${t.score.toFixed(4)}  ${t.label ?? `class ${t.class}`}`));
  return `${lines.join('\n')}\n`;
}

/** One JSON object per video, on one line. */
export function formatVideoJson(r: ClassifiedVideo): string {
  const frames = r.frames.length === 1 ? r.frames[0] : r.frames;
  return `${JSON.stringify({ video: r.video, frames, fps: round(r.fps), duration: round(r.duration), top: r.top })}\n`;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
