import type { Preprocess } from '../../contract/preprocess.js';

/** A declared preprocessing unlike the TSM demo's in every field (BGR, pixel-scale mean and std), for tests to vary. */
export function declaredPreprocess(changes: Partial<Preprocess> = {}): Preprocess {
  return {
    frames: 8,
    layout: 'NTCHW',
    sampling: { scheme: 'every', step: 1 },
    resize: 128,
    crop: 112,
    order: 'bgr',
    scale: 1,
    mean: [104, 117, 128],
    std: [1, 2, 4],
    input: 'float',
    ...changes,
  };
}
