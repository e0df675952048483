import { RuntimeError } from './errors.js';
import { readBinary } from './files.js';
import { readModelMetadata } from '../contract/read-metadata.js';
import { ort, type OrtSession, type OrtTensor, type OrtValueMetadata } from '../ort/ort.js';
import { openSession, type SessionOptions } from './session.js';
import { concreteShape, elementCount, formatShape } from './tensors.js';

import { type CachePair, parseCachePairs } from '../contract/caches.js';
import { CONTRACT_KEYS } from '../contract/keys.js';

export type { CachePair };

export interface StreamOptions extends SessionOptions {
  /** Frames averaged by the online consensus; default 8. */
  readonly window?: number;
}

export interface StreamStep {
  /** This frame's logits. */
  readonly logits: Float32Array;
  /** The mean of the logits of the last `window` frames (fewer right after a reset). */
  readonly smoothed: Float32Array;
}

export interface Stream {
  readonly frameInput: string;
  readonly logitsOutput: string;
  readonly caches: readonly CachePair[];
  /** The frame shape `push` expects, with the batch as 1. */
  readonly frameShape: readonly number[];
  readonly window: number;
  readonly providers: readonly string[];
  readonly notes: readonly string[];
  /** Frames pushed since the stream was opened or last reset. */
  readonly frames: number;
  push(frame: Float32Array | OrtTensor): Promise<StreamStep>;
  /** Zeroes the caches and forgets the consensus window, for a new video. */
  reset(): void;
  release(): Promise<void>;
}

/**
 * Opens a model compiled with `--online`: inputs [frame, cache...] and outputs [logits,
 * newcache...]. Each push feeds the previous push's cache outputs back as cache inputs.
 */
export async function openStream(model: Uint8Array | string, options: StreamOptions = {}): Promise<Stream> {
  const window = options.window ?? 8;
  if (!Number.isInteger(window) || window < 1) throw new RuntimeError('usage', `window must be a positive integer, got ${window}`);
  const bytes = typeof model === 'string' ? await readBinary(model, options.name) : model;
  // A file is opened by its path, so onnxruntime finds its external data beside it, never in the working directory.
  const opened = await openSession(model, options);
  const layout = streamLayout(opened.session, readModelMetadata(bytes));
  return new OnlineStream(opened.session, layout, window, opened.providers, opened.notes);
}

interface StreamLayout {
  readonly frame: OrtValueMetadata;
  readonly logits: string;
  readonly caches: readonly (CachePair & { readonly meta: OrtValueMetadata })[];
}

/** Which input is the frame, which output the logits, and how caches pair up. */
export function streamLayout(session: OrtSession, metadata: ReadonlyMap<string, string>): StreamLayout {
  const pairs = cachePairs(session, metadata.get(CONTRACT_KEYS.onlineCaches));
  const cacheInputs = new Set(pairs.map((p) => p.input));
  const cacheOutputs = new Set(pairs.map((p) => p.output));
  const frames = session.inputMetadata.filter((m) => !cacheInputs.has(m.name));
  const logits = session.outputNames.filter((name) => !cacheOutputs.has(name));
  const frame = frames[0];
  const logit = logits[0];
  if (frames.length !== 1 || frame === undefined) {
    throw new RuntimeError('model', `an online model needs exactly one non-cache input, found ${frames.length}`);
  }
  if (logit === undefined) throw new RuntimeError('model', 'an online model needs a logits output besides its caches');
  const caches = pairs.map((p) => {
    const meta = session.inputMetadata.find((m) => m.name === p.input);
    if (meta === undefined || !session.outputNames.includes(p.output)) {
      throw new RuntimeError('model', `cache pair ${p.input} -> ${p.output} names a value the model does not have`);
    }
    return { ...p, meta };
  });
  return { frame, logits: logit, caches };
}

/** Pairs from the metadata when present, otherwise inputs[1..] with outputs[1..] by position. */
function cachePairs(session: OrtSession, json: string | undefined): CachePair[] {
  if (json !== undefined) {
    const parsed = parseCachePairs(json);
    if (!parsed.ok) throw new RuntimeError('model', parsed.error);
    return parsed.value;
  }
  const inputs = session.inputNames.slice(1);
  const outputs = session.outputNames.slice(1);
  if (inputs.length !== outputs.length) {
    throw new RuntimeError(
      'model',
      `cannot pair caches by order: ${inputs.length} cache inputs but ${outputs.length} cache outputs (and no '${CONTRACT_KEYS.onlineCaches}' metadata)`,
    );
  }
  return inputs.map((input, i) => ({ input, output: outputs[i] ?? '' }));
}

class OnlineStream implements Stream {
  readonly frameInput: string;
  readonly logitsOutput: string;
  readonly caches: readonly CachePair[];
  readonly frameShape: readonly number[];
  private state = new Map<string, OrtTensor>();
  private recent: Float32Array[] = [];
  private pushed = 0;

  constructor(
    private readonly session: OrtSession,
    private readonly layout: StreamLayout,
    readonly window: number,
    readonly providers: readonly string[],
    readonly notes: readonly string[],
  ) {
    this.frameInput = layout.frame.name;
    this.logitsOutput = layout.logits;
    this.caches = layout.caches.map(({ input, output }) => ({ input, output }));
    this.frameShape = layout.frame.isTensor ? concreteShape(layout.frame.shape) : [];
    this.reset();
  }

  get frames(): number {
    return this.pushed;
  }

  reset(): void {
    this.state = new Map(this.layout.caches.map((c) => [c.input, zeros(c.meta)]));
    this.recent = [];
    this.pushed = 0;
  }

  async push(frame: Float32Array | OrtTensor): Promise<StreamStep> {
    const feeds: Record<string, OrtTensor> = { [this.frameInput]: this.frameTensor(frame) };
    for (const [name, tensor] of this.state) feeds[name] = tensor;
    const results = await this.session.run(feeds);
    // The new caches are the very tensors onnxruntime returned: no copy between frames.
    for (const c of this.layout.caches) {
      const next = results[c.output];
      if (next instanceof ort.Tensor) this.state.set(c.input, next);
    }
    const logits = logitsOf(results[this.logitsOutput], this.logitsOutput);
    this.recent.push(logits);
    if (this.recent.length > this.window) this.recent.shift();
    this.pushed++;
    return { logits, smoothed: mean(this.recent) };
  }

  async release(): Promise<void> {
    await this.session.release();
  }

  private frameTensor(frame: Float32Array | OrtTensor): OrtTensor {
    if (!(frame instanceof Float32Array)) return frame;
    const expected = elementCount([...this.frameShape]);
    if (frame.length !== expected) {
      throw new RuntimeError(
        'input',
        `frame has ${frame.length} values; '${this.frameInput}' expects shape ${formatShape(this.frameShape)} (${expected} values)`,
      );
    }
    return new ort.Tensor('float32', frame, [...this.frameShape]);
  }
}

function zeros(meta: OrtValueMetadata): OrtTensor {
  if (!meta.isTensor || meta.type !== 'float32') {
    throw new RuntimeError('model', `cache input '${meta.name}' must be a float32 tensor`);
  }
  const dims = concreteShape(meta.shape);
  return new ort.Tensor('float32', new Float32Array(elementCount(dims)), dims);
}

function logitsOf(value: unknown, name: string): Float32Array {
  if (value instanceof ort.Tensor && value.data instanceof Float32Array) return Float32Array.from(value.data);
  throw new RuntimeError('model', `output '${name}' is not a float32 tensor`);
}

function mean(rows: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(rows[0]?.length ?? 0);
  for (const row of rows) for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) + (row[i] ?? 0);
  for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) / rows.length;
  return out;
}
