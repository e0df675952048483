/**
 * A video file to the model's input clips: open it (input.ts), probe, sample the papers' indices,
 * decode only those frames, preprocess each as it arrives. One clip per view.
 */
import type { Preprocess } from '../../contract/preprocess.js';
import { ClipTensor, Uint8Clip, cropFrame } from './clip.js';
import { appliedRotation } from './convert.js';
import { decodeFrames } from './decode.js';
import { VideoError } from './errors.js';
import { type VideoInput, withVideoInput } from './input.js';
import { type VideoInfo, frameTime, probeVideo } from './probe.js';
import { sampleClips } from './sampling.js';

export interface VideoClips {
  readonly info: VideoInfo;
  /** Per view, the T decoded-frame indices fed to the model, in clip order. */
  readonly indices: readonly (readonly number[])[];
  /** Per view, each frame's time (seconds from the first frame). */
  readonly times: readonly (readonly number[])[];
  /** Clockwise degrees the frames were turned (the display matrix), 0 with autorotate off. */
  readonly rotation: 0 | 90 | 180 | 270;
  /** Per view, the input tensor. */
  readonly clips: readonly (ClipTensor | Uint8Clip)[];
  /** Frames decoded a second time, from the start, because a seek landed after them (0 when seeking works). */
  readonly refetched: number;
}

export interface ReadClipOptions {
  readonly views?: number;
  /** Apply the display matrix (default true). */
  readonly autorotate?: boolean;
}

export async function readVideoClips(file: string, shown: string, p: Preprocess, options: ReadClipOptions = {}): Promise<VideoClips> {
  return withVideoInput(file, shown, async (input) => {
    const info = await probeVideo(input, shown);
    try {
      return await readClips(input, shown, info, p, options);
    } catch (error) {
      // A frame the packets promised did not decode (a damaged file): count the frames that do, and sample again.
      if (!(error instanceof VideoError) || error.kind !== 'decode' || info.index.kind !== 'pts') throw error;
      return readClips(input, shown, await probeVideo(input, shown, { decodeAll: { expected: info.frames } }), p, options);
    }
  });
}

async function readClips(input: VideoInput, shown: string, info: VideoInfo, p: Preprocess, options: ReadClipOptions): Promise<VideoClips> {
  const indices = sampleClips(p.sampling, info.frames, p.frames, info.fps, options.views ?? 1);
  const clips = indices.map(() => (p.input === 'uint8' ? new Uint8Clip(p) : new ClipTensor(p)));
  // Where each decoded frame goes: a frame may fill several slots (short videos, overlapping views).
  const slots = new Map<number, { clip: number; slot: number }[]>();
  indices.forEach((view, clip) => view.forEach((index, slot) => slots.set(index, [...(slots.get(index) ?? []), { clip, slot }])));
  const autorotate = options.autorotate ?? true;
  const { refetched } = await decodeFrames(
    input,
    shown,
    info,
    indices.flat(),
    (index, image) => {
      const cropped = cropFrame(image, p);
      for (const { clip, slot } of slots.get(index) ?? []) clips[clip]!.set(slot, cropped);
    },
    { autorotate },
  );
  const times = indices.map((view) => view.map((n) => frameTime(info, n)));
  return { info, indices, times, rotation: appliedRotation(info, autorotate), clips, refetched };
}
