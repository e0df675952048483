/**
 * The TSM online demo's history smoothing of the shown class: a new top class replaces the shown one
 * only once it has held for `hold` frames in a row, so one odd frame never flickers the label.
 */
export class HistorySmoothing {
  private shown: number | undefined;
  private candidate: number | undefined;
  private streak = 0;

  constructor(readonly hold = 2) {}

  /** The class to show after a frame whose top class is `top`. */
  push(top: number): number {
    if (this.shown === undefined || top === this.shown) {
      this.shown = top;
      this.candidate = undefined;
      this.streak = 0;
      return top;
    }
    this.streak = top === this.candidate ? this.streak + 1 : 1;
    this.candidate = top;
    if (this.streak >= this.hold) {
      this.shown = top;
      this.candidate = undefined;
      this.streak = 0;
    }
    return this.shown;
  }

  clear(): void {
    this.shown = undefined;
    this.candidate = undefined;
    this.streak = 0;
  }
}
