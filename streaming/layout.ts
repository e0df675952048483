import { type CachePair, parseCachePairs } from '../contract/caches.js';
import { CONTRACT_KEYS } from '../contract/keys.js';
import { type CoreInput, StreamError } from './session.js';

export interface StreamLayout {
  readonly frame: CoreInput;
  readonly logits: string;
  readonly caches: readonly (CachePair & { readonly meta: CoreInput })[];
}

/**
 * Which input is the frame, which output the logits, and how caches pair up: from the contract's
 * `vnet.online.caches` when present, otherwise inputs[1..] with outputs[1..] by position.
 */
export function streamLayout(inputs: readonly CoreInput[], outputNames: readonly string[], metadata: ReadonlyMap<string, string>): StreamLayout {
  const pairs = cachePairs(inputs, outputNames, metadata.get(CONTRACT_KEYS.onlineCaches));
  const cacheInputs = new Set(pairs.map((p) => p.input));
  const cacheOutputs = new Set(pairs.map((p) => p.output));
  const frames = inputs.filter((m) => !cacheInputs.has(m.name));
  const logits = outputNames.filter((name) => !cacheOutputs.has(name));
  const frame = frames[0];
  const logit = logits[0];
  if (frames.length !== 1 || frame === undefined) {
    throw new StreamError('model', `an online model needs exactly one non-cache input, found ${frames.length}`);
  }
  if (logit === undefined) throw new StreamError('model', 'an online model needs a logits output besides its caches');
  const caches = pairs.map((p) => {
    const meta = inputs.find((m) => m.name === p.input);
    if (meta === undefined || !outputNames.includes(p.output)) {
      throw new StreamError('model', `cache pair ${p.input} -> ${p.output} names a value the model does not have`);
    }
    return { ...p, meta };
  });
  return { frame, logits: logit, caches };
}

function cachePairs(inputs: readonly CoreInput[], outputNames: readonly string[], json: string | undefined): CachePair[] {
  if (json !== undefined) {
    const parsed = parseCachePairs(json);
    if (!parsed.ok) throw new StreamError('model', parsed.error);
    return parsed.value;
  }
  const ins = inputs.slice(1).map((m) => m.name);
  const outs = outputNames.slice(1);
  if (ins.length !== outs.length) {
    throw new StreamError(
      'model',
      `cannot pair caches by order: ${ins.length} cache inputs but ${outs.length} cache outputs (and no '${CONTRACT_KEYS.onlineCaches}' metadata)`,
    );
  }
  return ins.map((input, i) => ({ input, output: outs[i] ?? '' }));
}

/**
 * A declared shape for S streams: the leading symbolic dimension (the batch) becomes S; a fixed batch
 * must equal S; any other symbolic dimension is refused, since a frame has one size.
 */
export function rowsShape(input: CoreInput, streams: number): number[] {
  const declared = input.shape ?? [];
  return declared.map((d, i) => {
    if (i === 0) {
      if (typeof d === 'number' && d >= 0 && d !== streams) {
        throw new StreamError('model', `'${input.name}' has a fixed batch of ${d}; cannot stream ${streams} rows through it`);
      }
      return streams;
    }
    if (typeof d === 'number' && d >= 0) return d;
    throw new StreamError(
      'model',
      `'${input.name}' has a symbolic dimension '${String(d)}' at axis ${i}; an online model's frame and caches need fixed sizes past the batch`,
    );
  });
}
