/**
 * `vnetc run MODEL --video PATH`: classifies a video file, or every video in a folder, with the
 * preprocessing the model carries (contract `vnet.preprocess`) and prints the top classes with their
 * names (contract `vnet.labels`). Every video gets a record (JSON: one line each, errors included
 * with their code and message); a bad video is reported with its name and the folder goes on; a
 * folder ends with a summary line on stderr, and the exit code is 1 when any video failed.
 */
import type { Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { diagnose } from '../../base/diagnostics/code.js';
import { ModelWithoutPreprocess, NoVideos, VideoDamaged, VideoModelMismatch, VideoRotationNotApplied } from '../../base/diagnostics/codes.js';
import type { Diagnostic } from '../../base/diagnostics/diagnostic.js';
import { formatCompact } from '../../base/diagnostics/formats/compact.js';
import type { Preprocess } from '../../contract/preprocess.js';
import { readContract } from '../../contract/model-contract.js';
import { readModelMetadata } from '../../contract/read-metadata.js';
import { escapeControl } from '../../io/escape-text.js';
import { writeReason } from '../../io/reason.js';
import { RuntimeError } from '../../runtime/errors.js';
import { readBinary, ioReason } from '../../runtime/files.js';
import { readLabels } from '../../runtime/labels.js';
import { formatNpy } from '../../runtime/npy.js';
import { openSession } from '../../runtime/session.js';
import { type ClassifiedVideo, classifyVideo } from '../../runtime/video/classify.js';
import { VideoError } from '../../runtime/video/errors.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { type CliContext, ExitCode } from '../context.js';
import { reportDiagnostics, reportError } from '../error-report.js';
import type { OptionsOf } from '../flags/flag.js';
import type { RUN } from '../register/run.js';
import { videoDiagnostic } from '../video-diagnostic.js';
import { isVideoFile } from './video-hint.js';
import { type CompileFile, loadCompiler, loadModel } from './run.js';

export { VIDEO_EXTENSIONS } from './video-hint.js';

/** `vnetc run MODEL --video PATH`: the flags of the video mode (cli/register/run.ts), the model, and progress lines. */
export type RunVideoOptions = OptionsOf<typeof RUN.flags, 'video'> & {
  readonly model: string;
  readonly video: string;
  /** Progress lines on stderr (a terminal). */
  readonly progress?: boolean;
};

export async function runVideoCommand(options: RunVideoOptions, ctx: CliContext, compile?: CompileFile): Promise<number> {
  try {
    return await runVideos(options, ctx, compile ? async () => compile : loadCompiler);
  } catch (error) {
    return reportError(error, ctx, 'run');
  }
}

interface VideoFile {
  readonly file: string;
  readonly shown: string;
}

async function runVideos(options: RunVideoOptions, ctx: CliContext, compile: () => Promise<CompileFile>): Promise<number> {
  const views = positive('--views', options.views ?? 1);
  const top = positive('--top', options.top ?? 5);
  const listed = await listVideos(path.resolve(ctx.cwd, options.video), options.video);
  const videos = listed.videos;
  if (videos.length === 0) return report([diagnose(NoVideos, { path: options.video })], ctx);
  if (options.saveInput !== undefined && listed.folder) throw new RuntimeError('usage', '--save-input needs a single video, not a folder');
  const readsFrom = [
    ...videos.map((v) => v.file),
    path.resolve(ctx.cwd, options.model),
    ...(options.labels !== undefined ? [path.resolve(ctx.cwd, options.labels)] : []),
  ];
  if (options.saveInput !== undefined && (await isOneOf(path.resolve(ctx.cwd, options.saveInput), readsFrom))) {
    throw new RuntimeError('io', `cannot write '${options.saveInput}': it is an input of this command`);
  }
  const loaded = await loadModel(options, ctx, compile);
  if (typeof loaded === 'number') return loaded;
  const bytes = typeof loaded.model === 'string' ? await readBinary(loaded.model, options.model) : loaded.model;
  const contract = readContract(readModelMetadata(bytes));
  if (!contract.ok) throw new RuntimeError('model', `'${options.model}': ${contract.error}`);
  const preprocess = contract.value.preprocess;
  if (!preprocess) return report([diagnose(ModelWithoutPreprocess, { model: options.model })], ctx);
  if (views > 1 && preprocess.sampling.scheme !== 'clip') {
    const sampling =
      preprocess.sampling.scheme === 'segments'
        ? 'a segments model (one frame from each of its segments: one view)'
        : 'an every-k model (its first frames: one view)';
    throw new RuntimeError('usage', `--views has no effect with ${sampling}; it is used with a model sampling a clip`);
  }
  const labels = options.labels !== undefined ? await readLabels(path.resolve(ctx.cwd, options.labels), options.labels) : contract.value.labels;
  const opened = await openSession(bytes, {
    name: options.model,
    providers: options.ep?.split(',') ?? ['cpu'],
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    log: (line) => ctx.stderr(`${escapeControl(line)}\n`),
  });
  const mismatch = inputMismatch(opened.session.inputMetadata[0], preprocess);
  if (mismatch) return report([diagnose(VideoModelMismatch, { model: options.model, reason: mismatch })], ctx);
  // Every file this command reads: the writer refuses --save-input onto any of them (checked above too, before the work).
  const inputs = typeof loaded.model === 'string' ? [...readsFrom, loaded.model] : readsFrom;

  const failed: string[] = [];
  for (const [k, video] of videos.entries()) {
    if (options.progress) ctx.stderr(`[${k + 1}/${videos.length}] ${escapeControl(video.shown)}\n`);
    const outcome = await classifyOne(opened.session, preprocess, video, { views, top, ...(labels ? { labels } : {}), autorotate: options.autorotate ?? true });
    const diagnostics = 'error' in outcome ? [outcome.error] : outcome.warnings;
    if (diagnostics.length > 0) ctx.stderr(formatCompact(diagnostics, new Map(), { color: false, cwd: ctx.cwd }));
    if ('error' in outcome || (options.strict && outcome.warnings.length > 0)) {
      failed.push(video.shown);
      if (options.json) ctx.stdout(formatErrorJson(video.shown, 'error' in outcome ? outcome.error : outcome.warnings[0]!));
      continue;
    }
    ctx.stdout(options.json ? formatVideoJson(outcome.result, outcome.warnings) : formatVideoText(outcome.result));
    if (options.saveInput !== undefined) await saveInput(outcome.result, path.resolve(ctx.cwd, options.saveInput), options.saveInput, inputs);
  }
  if (listed.folder)
    ctx.stderr(`${videos.length} video${videos.length === 1 ? '' : 's'}: ${videos.length - failed.length} classified, ${failed.length} failed\n`);
  return failed.length > 0 ? ExitCode.Problems : ExitCode.Ok;
}

type Outcome = { readonly result: ClassifiedVideo; readonly warnings: Diagnostic[] } | { readonly error: Diagnostic };

async function classifyOne(
  session: Parameters<typeof classifyVideo>[0],
  p: Preprocess,
  video: VideoFile,
  options: Parameters<typeof classifyVideo>[4],
): Promise<Outcome> {
  try {
    const result = await classifyVideo(session, p, video.file, video.shown, options);
    return { result, warnings: videoWarnings(result, options?.autorotate ?? true) };
  } catch (error) {
    // Without ffmpeg no video can be read: the command stops (exit 2) instead of failing each file.
    if (!(error instanceof VideoError) || error.kind === 'no-ffmpeg') throw error;
    return { error: videoDiagnostic(error) };
  }
}

/** A damaged file (fewer frames decode than were listed) and a rotation that could not be applied. */
function videoWarnings(r: ClassifiedVideo, autorotate: boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { damaged, rotation } = r.info;
  if (damaged) out.push(diagnose(VideoDamaged, { file: r.video, ...damaged }));
  if (autorotate && rotation !== 0 && r.rotation === 0) out.push(diagnose(VideoRotationNotApplied, { file: r.video, degrees: rotation }));
  return out;
}

/** The model's first input must take the clip the contract describes. */
function inputMismatch(
  meta: { name: string; isTensor: boolean; type?: string; shape?: readonly (number | string)[] } | undefined,
  p: Preprocess,
): string | undefined {
  if (!meta?.isTensor || !meta.shape) return 'it has no tensor input';
  const expected = p.input === 'uint8' ? [p.frames, p.crop, p.crop, 3] : p.layout === 'NTCHW' ? [p.frames, 3, p.crop, p.crop] : [3, p.frames, p.crop, p.crop];
  const rest = meta.shape.slice(1);
  const fits = rest.length === expected.length && rest.every((d, i) => typeof d !== 'number' || d < 0 || d === expected[i]);
  const type = p.input === 'uint8' ? 'uint8' : 'float32';
  if (!fits || (meta.type !== undefined && meta.type !== type))
    return `input '${meta.name}' is ${meta.type} [${meta.shape.join(', ')}], the preprocessing gives ${type} [N, ${expected.join(', ')}]`;
  return undefined;
}

/** Whether `file` exists and is the same file (device and inode) as one of `others`. */
async function isOneOf(file: string, others: readonly string[]): Promise<boolean> {
  const id = async (f: string) =>
    stat(f, { bigint: true }).then(
      (s) => `${s.dev}:${s.ino}`,
      () => undefined,
    );
  const target = await id(file);
  if (target === undefined) return false;
  for (const other of others) if ((await id(other)) === target) return true;
  return false;
}

/** A file, or a folder's videos by extension in name order (each is opened and checked when its turn comes). */
async function listVideos(file: string, shown: string): Promise<{ videos: VideoFile[]; folder: boolean }> {
  let info: Stats;
  try {
    info = await stat(file);
  } catch (error) {
    throw new VideoError('unreadable', shown, ioReason(error));
  }
  if (!info.isDirectory()) return { videos: [{ file, shown }], folder: false };
  const names = (await readdir(file)).filter((n) => isVideoFile(n)).sort();
  return { videos: names.map((n) => ({ file: path.join(file, n), shown: path.join(shown, n) })), folder: true };
}

function report(diagnostics: Diagnostic[], ctx: CliContext): number {
  return reportDiagnostics(diagnostics, ctx, { style: 'compact' });
}

function positive(flag: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RuntimeError('usage', `${flag} must be a positive integer, got ${value}`);
  return value;
}

async function saveInput(result: ClassifiedVideo, file: string, shown: string, inputs: readonly string[]): Promise<void> {
  const input = result.input;
  if (!(input.data instanceof Float32Array)) throw new RuntimeError('usage', `cannot save '${shown}': the model takes uint8 frames, not a float clip`);
  try {
    await writeFileAtomic(file, formatNpy({ type: 'float32', dims: input.dims, data: input.data }), { protect: inputs });
  } catch (error) {
    throw new RuntimeError('io', `cannot write '${shown}': ${writeReason(error)}`);
  }
}

export function formatVideoText(r: ClassifiedVideo): string {
  const turned = r.rotation !== 0 ? `, turned ${r.rotation} degrees clockwise` : '';
  const head = `${escapeControl(r.video)}: ${r.info.duration.toFixed(2)} s, ${r.info.frames} frames (${round(r.info.fps)} fps on average)${turned}; fed frames ${r.frames.map((v) => v.join(' ')).join(' | ')}`;
  const lines = [head];
  r.top.forEach((t, rank) => lines.push(`  ${rank + 1}. ${t.score.toFixed(4)}  ${t.label !== undefined ? escapeControl(t.label) : `class ${t.class}`}`));
  return `${lines.join('\n')}\n`;
}

/** One JSON object per video, on one line. */
export function formatVideoJson(r: ClassifiedVideo, warnings: readonly Diagnostic[] = []): string {
  const one = <T>(views: readonly T[]): T | readonly T[] => (views.length === 1 ? views[0]! : views);
  const size = r.rotation === 90 || r.rotation === 270 ? { width: r.info.height, height: r.info.width } : { width: r.info.width, height: r.info.height };
  const doc = {
    video: r.video,
    frames: one(r.frames),
    frame_times: one(r.frameTimes.map((v) => v.map((t) => Math.round(t * 1e6) / 1e6))),
    frame_count: r.info.frames,
    fps: round(r.info.fps),
    duration: round(r.info.duration),
    ...size,
    rotation: r.rotation,
    sample_aspect_ratio: r.info.sampleAspectRatio,
    top: r.top,
    ...(warnings.length > 0 ? { warnings: warnings.map((d) => ({ code: d.code, message: d.message })) } : {}),
  };
  return `${JSON.stringify(doc)}\n`;
}

/** The record of a video that failed: its name and the diagnostic's code and message. */
export function formatErrorJson(video: string, d: Diagnostic): string {
  return `${JSON.stringify({ video, error: { code: d.code, message: d.message } })}\n`;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
