/**
 * The moving-square clips of the int8 drift figures: the TypeScript twin of refs/motion_clips.py (see
 * there for the task), value for value. A 6x6 square crosses 8 noisy 32x32 frames in one of 8
 * directions; the class is the direction. Every number comes from a stateless integer hash of
 * (set, clip, index), so a clip is the same float32 values here and in Python.
 */
export const MOTION = { frames: 8, size: 32, square: 6, classes: 8 } as const;

/** (dx, dy) per class, y pointing down: right, up-right, up, up-left, left, down-left, down, down-right. */
const DIRECTIONS: readonly (readonly [number, number])[] = [
  [1, 0],
  [1, -1],
  [0, -1],
  [-1, -1],
  [-1, 0],
  [-1, 1],
  [0, 1],
  [1, 1],
];
const MEAN = 0.45;
const STD = 0.225;

/** lowbias32 of seed, clip and index mixed (refs/motion_clips.py hash32). */
function hash32(seed: number, clip: number, index: number): number {
  let x = (Math.imul(seed, 0x9e3779b1) + Math.imul(clip, 0x85ebca77) + index) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

export interface MotionClip {
  /** float32 [T, 3, 32, 32]. */
  readonly data: Float32Array;
  readonly label: number;
}

/** Clip `i` of set `seed` (1: training, 2: held out, 3: calibration). */
export function motionClip(seed: number, i: number): MotionClip {
  const { frames: T, size: S, square } = MOTION;
  const head = Array.from({ length: 6 }, (_, k) => hash32(seed, i, k));
  const label = (head[0] as number) % MOTION.classes;
  const colour = [0, 1, 2].map((c) => 0.5 + ((head[1 + c] as number) % 128) / 256);
  const ox = ((head[4] as number) % 13) - 6;
  const oy = ((head[5] as number) % 13) - 6;
  const values = new Float64Array(T * 3 * S * S);
  for (let k = 0; k < values.length; k++) values[k] = (hash32(seed, i, k + 16) % 64) / 256;
  const [dx, dy] = DIRECTIONS[label] as readonly [number, number];
  for (let t = 0; t < T; t++) {
    const cx = S / 2 + ox + (2 * t - 7) * dx;
    const cy = S / 2 + oy + (2 * t - 7) * dy;
    for (let c = 0; c < 3; c++) {
      for (let y = Math.max(0, cy - square / 2); y < Math.min(S, cy + square / 2); y++) {
        for (let x = Math.max(0, cx - square / 2); x < Math.min(S, cx + square / 2); x++) values[((t * 3 + c) * S + y) * S + x] = colour[c] as number;
      }
    }
  }
  return { data: Float32Array.from(values, (v) => (v - MEAN) / STD), label };
}

/** Clips `first` .. `first + count - 1` of set `seed`, as one batch `[count, T, 3, 32, 32]` with their labels. */
export function motionBatch(seed: number, count: number, first = 0): { data: Float32Array; dims: number[]; labels: number[] } {
  const { frames: T, size: S } = MOTION;
  const per = T * 3 * S * S;
  const data = new Float32Array(count * per);
  const labels: number[] = [];
  for (let i = 0; i < count; i++) {
    const clip = motionClip(seed, first + i);
    data.set(clip.data, i * per);
    labels.push(clip.label);
  }
  return { data, dims: [count, T, 3, S, S], labels };
}
