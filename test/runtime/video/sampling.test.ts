import { describe, expect, it } from 'vitest';
import { clipIndices, everyIndices, linspaceF32, sampleClips, segmentIndices } from '../../../runtime/video/sampling.js';

describe('test-time sampling (0-based decoded frames)', () => {
  it('segments: the centres of T equal segments, int(tick / 2 + tick * x)', () => {
    expect(segmentIndices(300, 8)).toEqual([18, 56, 93, 131, 168, 206, 243, 281]);
    expect(segmentIndices(16, 8)).toEqual([1, 3, 5, 7, 9, 11, 13, 15]);
    // fewer frames than T: indices repeat, as the official code's do
    expect(segmentIndices(3, 8)).toEqual([0, 0, 0, 1, 1, 2, 2, 2]);
  });

  it('clip: a window of rate * T frames at 30 fps, scaled to the video rate, linspace and truncate', () => {
    // 8 x 32 frames at 30 fps = 256 frames of a 30 fps video; one view starts at 0
    expect(clipIndices(1800, 8, 32, 30, 30)).toEqual([0, 36, 72, 109, 145, 182, 218, 255]);
    // a 60 fps video covers the same time with twice the frames
    expect(clipIndices(1800, 8, 32, 30, 60)).toEqual([0, 73, 146, 219, 292, 365, 438, 511]);
    // three views start at delta * i / 3
    expect(sampleClips({ scheme: 'clip', rate: 32, fps: 30 }, 556, 8, 30, 3).map((v) => v[0])).toEqual([0, 100, 200]);
    // shorter than the window: clamped to the last frame
    expect(clipIndices(100, 8, 32, 30, 30)).toEqual([0, 36, 72, 99, 99, 99, 99, 99]);
  });

  it('linspace in float32 exactly as torch computes it (values printed by torch 1.13)', () => {
    expect(linspaceF32(0, 255, 8)).toEqual([
      0.0, 36.42856979370117, 72.85713958740234, 109.28570556640625, 145.71429443359375, 182.14285278320312, 218.57142639160156, 255.0,
    ]);
    expect(linspaceF32(3.7, 259.9, 8)).toEqual([
      3.700000047683716, 40.29999923706055, 76.89999389648438, 113.49999237060547, 150.10000610351562, 186.6999969482422, 223.29998779296875, 259.8999938964844,
    ]);
    expect(linspaceF32(0.1, 0.7, 7)).toEqual([
      0.10000000149011612, 0.19999998807907104, 0.29999998211860657, 0.4000000059604645, 0.5, 0.6000000238418579, 0.699999988079071,
    ]);
  });

  it('every: frames 0, step, 2 * step; a clip model gets the first T, the last repeated when short', () => {
    expect(everyIndices(10, 3)).toEqual([0, 3, 6, 9]);
    expect(sampleClips({ scheme: 'every', step: 2 }, 5, 4, 30)).toEqual([[0, 2, 4, 4]]);
  });
});
