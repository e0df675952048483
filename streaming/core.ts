import type { CachePair } from '../contract/caches.js';
import { DEFAULT_WINDOW } from '../portable/defaults.js';
import { type StreamLayout, rowsShape, streamLayout } from './layout.js';
import { MovingAverage } from './moving-average.js';
import { type CoreSession, type CoreTensor, type MakeTensor, StreamError } from './session.js';

export interface StreamCoreOptions {
  /** Frames averaged by the online consensus; default DEFAULT_WINDOW (portable/defaults.ts). */
  readonly window?: number;
  /** Independent streams run as the rows of one batch; default 1. */
  readonly streams?: number;
  /**
   * Keep two sets of cache tensors and have the runtime write each frame's new caches into the set not
   * being read (onnxruntime's preallocated outputs), so the cache state is not reallocated per frame
   * (onnxruntime-node 1.29 still returns a copy of every output it wrote, which is dropped). Needs a
   * runtime that honours `fetches`; default false.
   */
  readonly preallocate?: boolean;
}

/** One stream's result for one frame. */
export interface RowStep {
  /** This frame's logits. */
  readonly logits: Float32Array;
  /** The mean of this stream's logits over its last `window` frames (fewer right after its reset). */
  readonly smoothed: Float32Array;
}

/**
 * The streaming core of an online model (inputs [frame, cache...], outputs [logits, newcache...]),
 * shared by node (runtime/stream.ts) and the browser page: it pairs caches from the model contract,
 * feeds each push's cache outputs back as the next push's cache inputs, and keeps the moving average.
 * S streams are S rows of one batch; each row has its own caches and average, and rows never mix
 * (every layer of an online model works per row). The runtime is injected: a session and a tensor factory.
 */
export class StreamCore<T extends CoreTensor> {
  readonly frameInput: string;
  readonly logitsOutput: string;
  readonly caches: readonly CachePair[];
  /** The frame shape `push` expects: the batch is the number of streams. */
  readonly frameShape: readonly number[];
  /** Values of one stream's frame. */
  readonly rowSize: number;
  readonly streams: number;
  readonly window: number;
  private readonly cacheShapes: readonly (readonly number[])[];
  /** Per cache, the value a new stream starts from: 0, or an int8 model's uint8 zero point. */
  private readonly cacheZeros: readonly { readonly uint8: boolean; readonly value: number }[];
  private readonly preallocate: boolean;
  /** The caches the next push reads. */
  private state: T[];
  /** With `preallocate`: the caches the next push writes (then the two swap). */
  private spare: T[];
  private readonly averages: MovingAverage[];
  private readonly counts: number[];

  constructor(
    private readonly session: CoreSession<T>,
    metadata: ReadonlyMap<string, string>,
    private readonly makeTensor: MakeTensor<T>,
    options: StreamCoreOptions = {},
  ) {
    this.window = options.window ?? DEFAULT_WINDOW;
    this.streams = options.streams ?? 1;
    if (!Number.isInteger(this.window) || this.window < 1) throw new StreamError('usage', `window must be a positive integer, got ${this.window}`);
    if (!Number.isInteger(this.streams) || this.streams < 1) throw new StreamError('usage', `streams must be a positive integer, got ${this.streams}`);
    const layout: StreamLayout = streamLayout(session.inputs, session.outputNames, metadata);
    this.frameInput = layout.frame.name;
    this.logitsOutput = layout.logits;
    this.caches = layout.caches.map(({ input, output }) => ({ input, output }));
    this.frameShape = rowsShape(layout.frame, this.streams);
    this.rowSize = count(this.frameShape) / this.streams;
    this.cacheShapes = layout.caches.map((c) => {
      // An int8 model's caches are uint8 (their scale and zero point in the contract); any other cache is float32.
      const type = c.quant ? 'uint8' : 'float32';
      if (c.meta.type !== undefined && c.meta.type !== type) throw new StreamError('model', `cache input '${c.input}' must be a ${type} tensor`);
      return rowsShape(c.meta, this.streams);
    });
    this.cacheZeros = layout.caches.map((c) => ({ uint8: c.quant !== undefined, value: c.quant?.zeroPoint ?? 0 }));
    this.preallocate = options.preallocate ?? false;
    this.state = this.zeroCaches();
    this.spare = this.preallocate ? this.zeroCaches() : [];
    this.averages = Array.from({ length: this.streams }, () => new MovingAverage(this.window));
    this.counts = new Array<number>(this.streams).fill(0);
  }

  /** Frames pushed into stream `row` since it was opened or last reset. */
  framesIn(row = 0): number {
    return this.counts[row] ?? 0;
  }

  /**
   * Zeroes the caches and forgets the average of one stream (a new video in that row), or of all.
   * The other rows go on untouched.
   */
  reset(row?: number): void {
    if (row === undefined) {
      this.state = this.preallocate ? this.state.map((t, i) => zeroed(t, this.cacheZeros[i]?.value ?? 0, 0, 1)) : this.zeroCaches();
      for (const a of this.averages) a.clear();
      this.counts.fill(0);
      return;
    }
    if (!Number.isInteger(row) || row < 0 || row >= this.streams) throw new StreamError('usage', `row must be 0..${this.streams - 1}, got ${row}`);
    this.state = this.state.map((tensor, i) => {
      // Without preallocation the tensors came from the runtime, which may still hold them: zero a copy.
      const own = this.preallocate
        ? tensor
        : this.makeTensor(cacheValues(tensor, this.caches[i]?.input ?? '').slice(), this.cacheShapes[i] as readonly number[]);
      return zeroed(own, this.cacheZeros[i]?.value ?? 0, row / this.streams, (row + 1) / this.streams);
    });
    this.averages[row]?.clear();
    this.counts[row] = 0;
  }

  /** Runs one frame per stream (`streams` rows of `rowSize` values, in row order); one result per row. */
  async push(frame: Float32Array | T): Promise<RowStep[]> {
    const feeds: Record<string, T> = { [this.frameInput]: this.frameTensor(frame) };
    this.caches.forEach((c, i) => {
      feeds[c.input] = this.state[i] as T;
    });
    if (this.preallocate) {
      const fetches: Record<string, T | null> = { [this.logitsOutput]: null };
      this.caches.forEach((c, i) => {
        fetches[c.output] = this.spare[i] as T;
      });
      const results = await this.session.run(feeds, fetches);
      // The runtime wrote the new caches into the spare set: it is read next, and this one written.
      [this.state, this.spare] = [this.spare, this.state];
      return this.rowsOf(results);
    }
    const results = await this.session.run(feeds);
    // The new caches are the very tensors the runtime returned: no copy between frames.
    this.state = this.caches.map((c) => {
      const next = results[c.output];
      if (next === undefined) throw new StreamError('model', `the model did not return cache output '${c.output}'`);
      return next;
    });
    return this.rowsOf(results);
  }

  private rowsOf(results: Readonly<Record<string, T>>): RowStep[] {
    const logits = floats(results[this.logitsOutput], this.logitsOutput);
    const classes = logits.length / this.streams;
    return this.averages.map((average, row) => {
      const own = logits.slice(row * classes, (row + 1) * classes);
      this.counts[row] = (this.counts[row] ?? 0) + 1;
      return { logits: own, smoothed: average.push(own) };
    });
  }

  private zeroCaches(): T[] {
    return this.cacheShapes.map((dims, i) => {
      const zero = this.cacheZeros[i];
      return this.makeTensor(zero?.uint8 ? new Uint8Array(count(dims)).fill(zero.value) : new Float32Array(count(dims)), dims);
    });
  }

  private frameTensor(frame: Float32Array | T): T {
    if (!(frame instanceof Float32Array)) return frame;
    const expected = count(this.frameShape);
    if (frame.length !== expected) {
      throw new StreamError(
        'input',
        `frame has ${frame.length} values; '${this.frameInput}' expects shape [${this.frameShape.join(', ')}] (${expected} values)`,
      );
    }
    return this.makeTensor(frame, this.frameShape);
  }
}

function count(dims: readonly number[]): number {
  return dims.reduce((n, d) => n * d, 1);
}

/** Sets the fraction [from, to) of a cache tensor's values (whole rows) to its zero, in place; returns it. */
function zeroed<T extends CoreTensor>(tensor: T, zero: number, from: number, to: number): T {
  const values = cacheValues(tensor, 'cache');
  values.fill(zero, Math.round(from * values.length), Math.round(to * values.length));
  return tensor;
}

/** A cache's values: float32, or an int8 model's uint8. */
function cacheValues(tensor: CoreTensor | undefined, name: string): Float32Array | Uint8Array {
  if (tensor !== undefined && tensor.type === 'uint8' && tensor.data instanceof Uint8Array) return tensor.data;
  return floats(tensor, name);
}

function floats(tensor: CoreTensor | undefined, name: string): Float32Array {
  if (tensor !== undefined && tensor.type === 'float32' && tensor.data instanceof Float32Array) return tensor.data;
  throw new StreamError('model', `output '${name}' is not a float32 tensor`);
}
