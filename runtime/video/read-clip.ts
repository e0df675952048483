/**
 * A video file to the model's input clips: probe, sample the papers' indices, decode only those frames,
 * preprocess each as it arrives. One clip per view.
 */
import type { Preprocess } from '../../contract/preprocess.js';
import { ClipTensor, Uint8Clip, cropFrame } from './clip.js';
import { type DecodeMethod, decodeFrames } from './decode.js';
import { type VideoInfo, probeVideo } from './probe.js';
import { sampleClips } from './sampling.js';

export interface VideoClips {
  readonly info: VideoInfo;
  /** Per view, the T decoded-frame indices fed to the model, in clip order. */
  readonly indices: readonly (readonly number[])[];
  /** Per view, the input tensor. */
  readonly clips: readonly (ClipTensor | Uint8Clip)[];
}

export interface ReadClipOptions {
  readonly views?: number;
  readonly method?: DecodeMethod;
}

export async function readVideoClips(file: string, shown: string, p: Preprocess, options: ReadClipOptions = {}): Promise<VideoClips> {
  const info = await probeVideo(file, shown);
  const indices = sampleClips(p.sampling, info.frames, p.frames, info.fps, options.views ?? 1);
  const clips = indices.map(() => (p.input === 'uint8' ? new Uint8Clip(p) : new ClipTensor(p)));
  // Where each decoded frame goes: a frame may fill several slots (short videos, overlapping views).
  const slots = new Map<number, { clip: number; slot: number }[]>();
  indices.forEach((view, clip) => view.forEach((index, slot) => slots.set(index, [...(slots.get(index) ?? []), { clip, slot }])));
  await decodeFrames(
    file,
    shown,
    info,
    indices.flat(),
    (index, rgb) => {
      const cropped = cropFrame({ width: info.width, height: info.height, data: rgb }, p);
      for (const { clip, slot } of slots.get(index) ?? []) clips[clip]!.set(slot, cropped);
    },
    options.method ?? 'auto',
  );
  return { info, indices, clips };
}
