import { CONTRACT_KEYS } from './keys.js';
import type { Result } from '../base/result.js';

/**
 * How a video becomes the model's input, as the papers' test code does it: which decoded frames
 * (0-based) are sampled, then per frame: resize of the shorter side (bilinear), centre crop,
 * colour order, `value * scale`, `(value - mean) / std` per channel, and the clip's layout.
 */
export interface Preprocess {
  /** Frames per clip (the model input's T). */
  readonly frames: number;
  /** `NTCHW`: `[N, T, 3, H, W]` (TSN/TSM); `NCTHW`: `[N, 3, T, H, W]` (TimeSformer). */
  readonly layout: ClipLayout;
  readonly sampling: Sampling;
  /** The shorter side after resizing. */
  readonly resize: number;
  /** Side of the square centre crop (no larger than `resize`). */
  readonly crop: number;
  readonly order: 'rgb' | 'bgr';
  /** Multiplies the 0..255 pixel values first (1/255 gives [0, 1]). */
  readonly scale: number;
  /** One value per channel, in `order`. */
  readonly mean: readonly number[];
  readonly std: readonly number[];
  /** `float`: the model takes the normalized clip; `uint8`: cropped frames `[N, T, H, W, 3]`, normalized in the graph. */
  readonly input: 'float' | 'uint8';
}

export type ClipLayout = 'NTCHW' | 'NCTHW';

export type Sampling =
  /** TSN/TSM test: segment centres, frame `int(tick / 2 + tick * x)`, `tick = frames / T`. */
  | { readonly scheme: 'segments' }
  /** TimeSformer/SlowFast test: `rate * T` frames at `fps`, scaled to the video's rate, `linspace` indices. */
  | { readonly scheme: 'clip'; readonly rate: number; readonly fps: number }
  /** Online: every `step`-th frame, one at a time. */
  | { readonly scheme: 'every'; readonly step: number };

export const SAMPLING_SCHEMES = ['segments', 'clip', 'every'] as const;

export function encodePreprocess(p: Preprocess): string {
  return JSON.stringify(p);
}

/** The preprocessing written by `encodePreprocess`; every field is checked, the error names the key and field. */
export function parsePreprocess(text: string): Result<Preprocess> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return bad('is not JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad('must be a JSON object');
  const o = v as Record<string, unknown>;
  const frames = o['frames'];
  if (!isPositiveInt(frames)) return bad("'frames' must be a positive whole number");
  const layout = o['layout'];
  if (layout !== 'NTCHW' && layout !== 'NCTHW') return bad("'layout' must be NTCHW or NCTHW");
  const sampling = parseSampling(o['sampling']);
  if (typeof sampling === 'string') return bad(sampling);
  const resize = o['resize'];
  const crop = o['crop'];
  if (!isPositiveInt(resize)) return bad("'resize' must be a positive whole number");
  if (!isPositiveInt(crop) || crop > resize) return bad("'crop' must be a positive whole number no larger than 'resize'");
  const order = o['order'];
  if (order !== 'rgb' && order !== 'bgr') return bad("'order' must be rgb or bgr");
  const scale = o['scale'];
  if (!isPositive(scale)) return bad("'scale' must be a positive number");
  const mean = o['mean'];
  const std = o['std'];
  if (!isNumberList(mean, 3, () => true)) return bad("'mean' must be a list of 3 numbers");
  if (!isNumberList(std, 3, isPositive)) return bad("'std' must be a list of 3 positive numbers");
  const input = o['input'] ?? 'float';
  if (input !== 'float' && input !== 'uint8') return bad("'input' must be float or uint8");
  return { ok: true, value: { frames, layout, sampling, resize, crop, order, scale, mean: [...mean], std: [...std], input } };
}

function parseSampling(v: unknown): Sampling | string {
  if (typeof v !== 'object' || v === null) return "'sampling' must be an object with a 'scheme'";
  const o = v as Record<string, unknown>;
  switch (o['scheme']) {
    case 'segments':
      return { scheme: 'segments' };
    case 'clip': {
      const rate = o['rate'];
      const fps = o['fps'];
      if (!isPositiveInt(rate)) return "'sampling.rate' must be a positive whole number";
      if (!isPositive(fps)) return "'sampling.fps' must be a positive number";
      return { scheme: 'clip', rate, fps };
    }
    case 'every': {
      const step = o['step'];
      if (!isPositiveInt(step)) return "'sampling.step' must be a positive whole number";
      return { scheme: 'every', step };
    }
    default:
      return `'sampling.scheme' must be one of ${SAMPLING_SCHEMES.join(', ')}`;
  }
}

function bad(reason: string): { ok: false; error: string } {
  return { ok: false, error: `metadata '${CONTRACT_KEYS.preprocess}' ${reason}` };
}

function isPositiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

function isPositive(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0;
}

function isNumberList(v: unknown, length: number, each: (n: number) => boolean): v is number[] {
  return Array.isArray(v) && v.length === length && v.every((n) => typeof n === 'number' && Number.isFinite(n) && each(n));
}
