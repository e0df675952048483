/**
 * Activation ranges from calibration: every value's minimum and maximum over the calibration clips
 * (`minmax`), or the range that leaves out the rarest values (`percentile`, onnxruntime's default
 * calibration method: a 2048-bin histogram over [min, max], 99.999% of the values kept, the
 * (100 - 99.999) / 2 percent cut from each side). Pure arithmetic over Float32Arrays: the same clips
 * give the same ranges.
 */

export type CalibrationMethod = 'minmax' | 'percentile';

export const CALIBRATION_METHODS: readonly CalibrationMethod[] = ['minmax', 'percentile'];

/** The share of values a percentile range keeps (onnxruntime's `CalibPercentile` default). */
export const PERCENTILE = 99.999;

const BINS = 2048;

export interface Range {
  readonly lo: number;
  readonly hi: number;
}

/** Running minimum and maximum of one value over many tensors. */
export class MinMax {
  lo = Infinity;
  hi = -Infinity;
  count = 0;

  add(data: Float32Array): void {
    let lo = this.lo;
    let hi = this.hi;
    for (let i = 0; i < data.length; i++) {
      const v = data[i] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    this.lo = lo;
    this.hi = hi;
    this.count += data.length;
  }

  range(): Range {
    return this.count === 0 ? { lo: 0, hi: 0 } : { lo: this.lo, hi: this.hi };
  }
}

/** A histogram of one value over [lo, hi] (found first by MinMax), for its percentile range. */
export class Histogram {
  private readonly bins = new Float64Array(BINS);
  private readonly width: number;

  constructor(private readonly span: Range) {
    this.width = (span.hi - span.lo) / BINS;
  }

  add(data: Float32Array): void {
    const { lo } = this.span;
    if (!(this.width > 0)) {
      this.bins[0] = (this.bins[0] as number) + data.length;
      return;
    }
    const scale = 1 / this.width;
    for (let i = 0; i < data.length; i++) {
      const bin = Math.min(BINS - 1, Math.max(0, Math.floor(((data[i] as number) - lo) * scale)));
      this.bins[bin] = (this.bins[bin] as number) + 1;
    }
  }

  /** The range keeping `percent` of the values, the rest cut evenly from both ends (within [lo, hi]). */
  range(percent = PERCENTILE): Range {
    const total = this.bins.reduce((a, b) => a + b, 0);
    if (total === 0 || !(this.width > 0)) return this.span;
    const cut = (total * (100 - percent)) / 200;
    let below = 0;
    let lowBin = 0;
    while (lowBin < BINS - 1 && below + (this.bins[lowBin] as number) <= cut) below += this.bins[lowBin++] as number;
    let above = 0;
    let highBin = BINS - 1;
    while (highBin > lowBin && above + (this.bins[highBin] as number) <= cut) above += this.bins[highBin--] as number;
    return { lo: this.span.lo + lowBin * this.width, hi: this.span.lo + (highBin + 1) * this.width };
  }
}
