/**
 * The papers' test-time frame sampling: 0-based indices of decoded frames. Pure arithmetic, no I/O
 * (a browser page can use it as it is).
 */
import type { Sampling } from '../../contract/preprocess.js';

/** TSN/TSM `_get_test_indices`: `int(tick / 2 + tick * x)`, `tick = frames / T` (repeats when frames < T). */
export function segmentIndices(frames: number, t: number): number[] {
  const tick = frames / t;
  return Array.from({ length: t }, (_, x) => Math.trunc(tick / 2 + tick * x));
}

/**
 * TimeSformer `get_start_end_idx` + `temporal_sampling`: a window of `rate * T / targetFps * fps` frames,
 * view `i` of `views` starting at `max(frames - window, 0) * i / views`; `linspace(start, start + window - 1, T)`,
 * clamped to [0, frames - 1] and truncated (torch's `.long()`).
 */
export function clipIndices(frames: number, t: number, rate: number, targetFps: number, fps: number, view = 0, views = 1): number[] {
  const window = ((rate * t) / targetFps) * fps;
  const delta = Math.max(frames - window, 0);
  const start = (delta * view) / views;
  const end = start + window - 1;
  return linspaceF32(start, end, t).map((x) => Math.trunc(Math.min(Math.max(x, 0), frames - 1)));
}

/**
 * torch.linspace in float32 as its CPU kernel computes it (the first half counts up from `start`, the
 * second half down from `end`), so indices that land on a whole number truncate as the official code's do.
 */
export function linspaceF32(start: number, end: number, steps: number): number[] {
  const f = Math.fround;
  const s = f(start);
  const e = f(end);
  if (steps === 1) return [s];
  const step = f(f(e - s) / (steps - 1));
  const halfway = Math.trunc(steps / 2);
  return Array.from({ length: steps }, (_, i) => (i < halfway ? f(s + f(step * i)) : f(e - f(step * (steps - i - 1)))));
}

/** Online: frames `0, step, 2 * step, ...` (at most `limit` of them). */
export function everyIndices(frames: number, step: number, limit = Infinity): number[] {
  const out: number[] = [];
  for (let i = 0; i < frames && out.length < limit; i += step) out.push(i);
  return out;
}

/**
 * The clips a video gives under `sampling`, each T indices. `segments` has one view; `clip` has
 * `views`; `every` (for a clip model) takes the first T frames at its step, repeating the last when short.
 */
export function sampleClips(sampling: Sampling, frames: number, t: number, fps: number, views = 1): number[][] {
  switch (sampling.scheme) {
    case 'segments':
      return [segmentIndices(frames, t)];
    case 'clip':
      return Array.from({ length: views }, (_, v) => clipIndices(frames, t, sampling.rate, sampling.fps, fps, v, views));
    case 'every': {
      const picked = everyIndices(frames, sampling.step, t);
      while (picked.length < t) picked.push(picked[picked.length - 1] ?? 0);
      return [picked];
    }
  }
}
