import { RuntimeError } from './errors.js';
import { readBinary } from './files.js';
import { readModelMetadata } from '../contract/read-metadata.js';
import type { CachePair } from '../contract/caches.js';
import { loadedOrt, type OrtSession, type OrtTensor } from '../ort/ort.js';
import { type RowStep, StreamCore, StreamError, coreSessionOf, tensorMaker } from '../streaming/index.js';
import { openSession, type SessionOptions } from './session.js';

export type { CachePair, RowStep };

export interface StreamOptions extends SessionOptions {
  /** Frames averaged by the online consensus; default DEFAULT_WINDOW (portable/defaults.ts). */
  readonly window?: number;
  /** Independent streams run as the rows of one batch; default 1. */
  readonly streams?: number;
  /** Double-buffered caches written in place by onnxruntime (the state is not reallocated per frame); default true. */
  readonly preallocate?: boolean;
}

export interface StreamStep extends RowStep {
  /** Every stream's result, in row order; `logits` and `smoothed` above are row 0's. */
  readonly rows: readonly RowStep[];
}

export interface Stream {
  readonly frameInput: string;
  readonly logitsOutput: string;
  readonly caches: readonly CachePair[];
  /** The frame shape `push` expects, with the batch as the number of streams. */
  readonly frameShape: readonly number[];
  readonly streams: number;
  readonly window: number;
  readonly providers: readonly string[];
  readonly notes: readonly string[];
  /** Frames pushed (into row 0) since the stream was opened or last reset. */
  readonly frames: number;
  push(frame: Float32Array | OrtTensor): Promise<StreamStep>;
  /** Zeroes the caches and forgets the consensus window, for a new video (in one row, or in all). */
  reset(row?: number): void;
  release(): Promise<void>;
}

/**
 * Opens a model compiled with `--online` on onnxruntime-node: the streaming core (streaming/) over a
 * node session. Each push feeds the previous push's cache outputs back as cache inputs.
 */
export async function openStream(model: Uint8Array | string, options: StreamOptions = {}): Promise<Stream> {
  const bytes = typeof model === 'string' ? await readBinary(model, options.name) : model;
  checkCount('window', options.window);
  checkCount('streams', options.streams);
  // A file is opened by its path, so onnxruntime finds its external data beside it, never in the working directory.
  const opened = await openSession(model, options);
  const core = asRuntimeError(
    () =>
      new StreamCore(coreSessionOf<OrtTensor>(opened.session), readModelMetadata(bytes), tensorMaker(loadedOrt().Tensor), {
        ...options,
        preallocate: options.preallocate ?? true,
      }),
  );
  return new NodeStream(core, opened.session, opened.providers, opened.notes);
}

class NodeStream implements Stream {
  constructor(
    private readonly core: StreamCore<OrtTensor>,
    private readonly session: OrtSession,
    readonly providers: readonly string[],
    readonly notes: readonly string[],
  ) {}

  get frameInput(): string {
    return this.core.frameInput;
  }
  get logitsOutput(): string {
    return this.core.logitsOutput;
  }
  get caches(): readonly CachePair[] {
    return this.core.caches;
  }
  get frameShape(): readonly number[] {
    return this.core.frameShape;
  }
  get streams(): number {
    return this.core.streams;
  }
  get window(): number {
    return this.core.window;
  }
  get frames(): number {
    return this.core.framesIn(0);
  }

  reset(row?: number): void {
    asRuntimeError(() => this.core.reset(row));
  }

  async push(frame: Float32Array | OrtTensor): Promise<StreamStep> {
    const rows = await this.core.push(frame).catch((error: unknown) => {
      throw error instanceof StreamError ? new RuntimeError(error.kind, error.message) : error;
    });
    const first = rows[0] as RowStep;
    return { logits: first.logits, smoothed: first.smoothed, rows };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

function checkCount(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    throw new RuntimeError('usage', `${name} must be a positive integer, got ${value}`);
  }
}

function asRuntimeError<R>(body: () => R): R {
  try {
    return body();
  } catch (error) {
    throw error instanceof StreamError ? new RuntimeError(error.kind, error.message) : error;
  }
}
