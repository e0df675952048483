import { escapeControl } from '../../io/escape-text.js';
import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { hasErrors } from '../../base/diagnostics/diagnostic.js';
import { formatCompact } from '../../base/diagnostics/formats/compact.js';
import { RuntimeError } from '../../runtime/errors.js';
import { readBinary } from '../../runtime/files.js';
import { weightsMetadata } from '../../contract/weights.js';
import { labelOf, loadLabels } from '../../runtime/labels.js';
import { parseNpy } from '../../runtime/npy.js';
import { openStream, type Stream } from '../../runtime/stream.js';
import { formatShape } from '../../runtime/tensors.js';
import { topK } from '../../portable/top-k.js';
import { type CliContext, ExitCode } from '../context.js';
import { exitCodeFor } from '../exit-code.js';
import { reportError } from '../error-report.js';
import { videoGivenAsTensor } from './video-hint.js';
import type { OptionsOf } from '../flags/flag.js';
import type { RUN } from '../register/run.js';
import { DEFAULT_TOP, DEFAULT_WINDOW } from '../../portable/defaults.js';

/**
 * `vnetc run --stream`: the flags of the stream mode (cli/register/run.ts) and the model, an online
 * .onnx or a .vnet compiled with --online in memory. `inputs` holds one .npy clip [T, C, H, W] or
 * [1, T, C, H, W], or a folder of .npy frames [C, H, W] (sorted by name).
 */
export type StreamCommandOptions = OptionsOf<typeof RUN.flags, 'stream'> & { readonly model: string };

interface FrameReport {
  readonly frame: number;
  readonly ms: number;
  readonly logits: { index: number; score: number; label?: string }[];
  readonly smoothed: { index: number; score: number; label?: string }[];
}

/**
 * `vnetc run --stream`: feeds a clip to an online model one frame at a time (the model keeps its
 * shift caches between frames) and prints each frame's top classes and the moving average's.
 */
export async function streamCommand(options: StreamCommandOptions, ctx: CliContext): Promise<number> {
  try {
    const video = videoGivenAsTensor(options.model, options.inputs ?? []);
    if (video !== undefined) throw new RuntimeError('usage', video);
    const model = await loadOnlineModel(options, ctx);
    if (typeof model === 'number') return model;
    const stream = await openStream(model, {
      window: options.window ?? DEFAULT_WINDOW,
      name: options.model,
      ...(options.ep ? { providers: options.ep.split(',').map((p) => p.trim()) } : {}),
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
      log: (line) => ctx.stderr(`${line}\n`),
      inputs: [...(options.inputs ?? []), ...(options.labels !== undefined ? [options.labels] : [])].map((f) => path.resolve(ctx.cwd, f)),
    });
    try {
      if (stream.caches.length === 0) ctx.stderr('vnetc: warning: the model has no shift caches; is it compiled with --online?\n');
      const frames = await readFrames(options.inputs ?? [], stream, ctx);
      const labels = options.labels !== undefined ? (await loadLabels(options.labels, ctx.cwd)).labels : undefined;
      const reports: FrameReport[] = [];
      for (const [i, frame] of frames.entries()) {
        const start = performance.now();
        const step = await stream.push(frame);
        const ms = performance.now() - start;
        const ranked = (scores: Float32Array) => topK(scores, options.top ?? DEFAULT_TOP).map((r) => ({ ...r, ...labelField(labels, r.index) }));
        reports.push({ frame: i, ms, logits: ranked(step.logits), smoothed: ranked(step.smoothed) });
      }
      ctx.stdout(
        options.json ? `${JSON.stringify({ caches: stream.caches.length, window: stream.window, frames: reports }, null, 2)}\n` : formatText(reports, stream),
      );
      return ExitCode.Ok;
    } finally {
      await stream.release();
    }
  } catch (error) {
    return reportError(error, ctx, 'run');
  }
}

function labelField(labels: readonly string[] | undefined, index: number): { label?: string } {
  const label = labelOf(labels, index);
  return label === undefined ? {} : { label };
}

/** A model file is opened by its path (onnxruntime finds its external data beside it), a .vnet compiled in memory. */
async function loadOnlineModel(options: StreamCommandOptions, ctx: CliContext): Promise<Uint8Array | string | number> {
  const file = path.resolve(ctx.cwd, options.model);
  if (path.extname(file) !== '.vnet') return file;
  const { compileFile } = await import('../../compiler/compile.js');
  const result = await compileFile(file, {
    sets: options.set ?? [],
    online: true,
    metadata: weightsMetadata(undefined),
    target: 'ort-cpu',
    ...(options.network ? { network: options.network } : {}),
    ...(options.allowImportsOutside ? { allowImportsOutside: true } : {}),
  });
  if (result.diagnostics.length > 0) ctx.stderr(formatCompact(result.diagnostics, result.sources, { color: false, cwd: ctx.cwd }));
  if (hasErrors(result.diagnostics) || !result.bytes) return Math.max(exitCodeFor(result.diagnostics), ExitCode.Problems);
  return result.bytes;
}

/** The frames of the clip, each with the stream's frame shape (batch 1). */
async function readFrames(inputs: readonly string[], stream: Stream, ctx: CliContext): Promise<Float32Array[]> {
  const frameSize = stream.frameShape.reduce((a, b) => a * b, 1);
  if (inputs.length !== 1) throw new RuntimeError('usage', '--stream takes exactly one --input: a clip .npy or a folder of frame .npy files');
  const given = inputs[0] as string;
  const where = path.resolve(ctx.cwd, given);
  const info = await stat(where).catch(() => undefined);
  if (!info) throw new RuntimeError('io', `cannot read '${given}': no such file or directory`);
  const files = info.isDirectory()
    ? (await readdir(where))
        .filter((f) => f.endsWith('.npy'))
        .sort()
        .map((f) => path.join(where, f))
    : [where];
  if (files.length === 0) throw new RuntimeError('input', `'${given}' holds no .npy frames`);
  const frames: Float32Array[] = [];
  for (const file of files) {
    const parsed = parseNpy(await readBinary(file, path.relative(ctx.cwd, file)));
    if (!parsed.ok) throw new RuntimeError('input', `'${path.relative(ctx.cwd, file)}' is not a .npy file: ${parsed.error}`);
    if (parsed.value.type !== 'float32') throw new RuntimeError('input', `'${path.relative(ctx.cwd, file)}' must hold float32 frames`);
    const data = parsed.value.data;
    if (frameCount(parsed.value.dims, stream.frameShape.slice(1)) === undefined) {
      const frame = formatShape(stream.frameShape.slice(1));
      throw new RuntimeError(
        'input',
        `'${path.relative(ctx.cwd, file)}' has shape ${formatShape(parsed.value.dims)}; expected frames of shape ${frame}: one frame ${frame}, a clip [T, ...] or [1, T, ...]`,
      );
    }
    for (let at = 0; at < data.length; at += frameSize) frames.push(data.slice(at, at + frameSize));
  }
  return frames;
}

/** How many frames of shape `frame` an array of shape `dims` holds: [...frame], [T, ...frame] or [1, T, ...frame]. */
export function frameCount(dims: readonly number[], frame: readonly number[]): number | undefined {
  const lead = dims.slice(0, dims.length - frame.length);
  if (dims.length < frame.length || frame.some((d, i) => dims[lead.length + i] !== d)) return undefined;
  if (lead.length === 0) return 1;
  if (lead.length === 1) return lead[0];
  if (lead.length === 2 && lead[0] === 1) return lead[1];
  return undefined;
}

function formatText(reports: readonly FrameReport[], stream: Stream): string {
  const show = (r: { index: number; score: number; label?: string }) => `${r.label !== undefined ? escapeControl(r.label) : r.index} ${r.score.toFixed(3)}`;
  const lines = reports.map(
    (r) =>
      `frame ${String(r.frame).padStart(3)}  ${r.ms.toFixed(1).padStart(7)} ms  now: ${r.logits.map(show).join(', ')}  |  mean of last ${Math.min(r.frame + 1, stream.window)}: ${r.smoothed.map(show).join(', ')}`,
  );
  const mean = reports.reduce((a, r) => a + r.ms, 0) / Math.max(1, reports.length);
  lines.push(`${reports.length} frames, ${stream.caches.length} caches, mean ${mean.toFixed(1)} ms per frame (${stream.providers.join(', ')})`);
  return `${lines.join('\n')}\n`;
}
