/** The mean of the last `window` rows pushed (fewer right after a reset): the online consensus. */
export class MovingAverage {
  private readonly rows: Float32Array[] = [];

  constructor(readonly window: number) {}

  push(row: Float32Array): Float32Array {
    this.rows.push(row);
    if (this.rows.length > this.window) this.rows.shift();
    const out = new Float32Array(row.length);
    for (const r of this.rows) for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (r[i] as number);
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / this.rows.length;
    return out;
  }

  get size(): number {
    return this.rows.length;
  }

  clear(): void {
    this.rows.length = 0;
  }
}
