/**
 * Classifies one video with a model that carries its preprocessing: the clip(s) the contract says,
 * one run per view, the outputs averaged over views, then softmax and top-k.
 */
import type { Preprocess } from '../../contract/preprocess.js';
import { loadedOrt, type OrtSession, type OrtTensor } from '../../ort/ort.js';
import { firstLine } from '../../ort/first-line.js';
import { RuntimeError } from '../errors.js';
import { topK } from '../topk.js';
import type { VideoInfo } from './probe.js';
import { type VideoClips, readVideoClips } from './read-clip.js';

export interface ClassifiedVideo {
  readonly video: string;
  /** Per view, the 0-based decoded-frame indices fed to the model. */
  readonly frames: readonly (readonly number[])[];
  /** Per view, those frames' times: seconds from the first frame (presentation time stamps). */
  readonly frameTimes: readonly (readonly number[])[];
  /** Clockwise degrees the frames were turned for display (0 with --no-autorotate). */
  readonly rotation: 0 | 90 | 180 | 270;
  readonly info: VideoInfo;
  /** `score` is the softmax probability of the logits averaged over the views. */
  readonly top: readonly { readonly class: number; readonly label?: string; readonly score: number }[];
  /** The first view's input, as fed (for --save-input). */
  readonly input: VideoClips['clips'][number];
}

export interface ClassifyOptions {
  readonly views?: number;
  readonly top?: number;
  readonly labels?: readonly string[];
  /** Apply the display matrix (default true). */
  readonly autorotate?: boolean;
}

export async function classifyVideo(session: OrtSession, p: Preprocess, file: string, shown: string, options: ClassifyOptions = {}): Promise<ClassifiedVideo> {
  const read = await readVideoClips(file, shown, p, { views: options.views ?? 1, autorotate: options.autorotate ?? true });
  const inputName = session.inputNames[0]!;
  const outputName = session.outputNames[0]!;
  let sum: Float64Array | undefined;
  for (const clip of read.clips) {
    const { Tensor } = loadedOrt();
    const tensor = clip.data instanceof Uint8Array ? new Tensor('uint8', clip.data, [...clip.dims]) : new Tensor('float32', clip.data, [...clip.dims]);
    let out: OrtTensor | undefined;
    try {
      out = (await session.run({ [inputName]: tensor }))[outputName];
    } catch (error) {
      throw new RuntimeError('model', `the model failed to run on '${shown}': ${firstLine(error)}`);
    }
    const scores = out?.data;
    if (!(scores instanceof Float32Array)) throw new RuntimeError('model', `output '${outputName}' is not float32 scores`);
    sum ??= new Float64Array(scores.length);
    for (let i = 0; i < scores.length; i++) sum[i]! += scores[i]!;
  }
  const probabilities = softmax(Array.from(sum!, (s) => s / read.clips.length));
  const top = topK(probabilities, options.top ?? 5).map((r) => {
    const label = options.labels?.[r.index];
    return { class: r.index, ...(label !== undefined ? { label } : {}), score: r.score };
  });
  return { video: shown, frames: read.indices, frameTimes: read.times, rotation: read.rotation, info: read.info, top, input: read.clips[0]! };
}

export function softmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((x) => Math.exp(x - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}
