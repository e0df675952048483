/**
 * An online (one frame per request) model under Triton's sequence batcher with implicit state: the frame
 * is the only request input, each cache pair is one `state` that Triton keeps per sequence (zeros when a
 * sequence starts) and feeds back on its next request, and the `oldest` strategy holds up to
 * `maxSequences` streams per instance and batches the oldest frames among them, up to max_batch_size rows. The batch dimension must be one symbol for the frame, the
 * logits and every cache, so that row i of every tensor belongs to the same stream.
 */
import type { CachePair } from '../../contract/caches.js';
import type { ModelConfig, StateConfig, TensorConfig } from './config.js';
import type { ModelIO, TensorSpec } from './onnx-model.js';
import { QUEUE_DELAY_US } from './options.js';
import { type Exported, unservable } from './problems.js';
import { type ConfigFacts, sharedFields } from './shared-fields.js';
import { unbatched } from './tensor-config.js';
import type { TensorConfig as Tensor } from './config.js';

export function onlineConfig(io: ModelIO, caches: readonly CachePair[], facts: ConfigFacts): Exported<ModelConfig> {
  const cacheInputs = new Set(caches.map((c) => c.input));
  const cacheOutputs = new Set(caches.map((c) => c.output));
  const frames = io.inputs.filter((i) => !cacheInputs.has(i.name));
  const results = io.outputs.filter((o) => !cacheOutputs.has(o.name));
  if (frames.length !== 1) return unservable(`an online model needs exactly one input besides its caches, found ${frames.length}`);
  if (results.length === 0) return unservable('an online model needs an output besides its caches');
  const batches = new Set<string>();
  const regular = (specs: readonly TensorSpec[]): Exported<TensorConfig[]> => {
    const out: TensorConfig[] = [];
    for (const spec of specs) {
      const t = unbatched(spec);
      if (!t.ok) return t;
      batches.add(t.value.batch);
      out.push(t.value.config);
    }
    return { ok: true, value: out };
  };
  const input = regular(frames);
  if (!input.ok) return input;
  const output = regular(results);
  if (!output.ok) return output;
  const states: StateConfig[] = [];
  for (const pair of caches) {
    const state = stateOf(pair, io, batches);
    if (!state.ok) return state;
    states.push(state.value);
  }
  if (batches.size > 1)
    return unservable(`the batch dimension has several names (${[...batches].join(', ')}); rows of the frame and of every cache must be the same stream`);
  return {
    ok: true,
    value: {
      ...sharedFields(facts, input.value, output.value),
      sequence_batching: {
        max_sequence_idle_microseconds: facts.options.sequenceIdleMs * 1000,
        oldest: { max_candidate_sequences: facts.options.maxSequences, preferred_batch_size: [], max_queue_delay_microseconds: QUEUE_DELAY_US },
        state: states,
      },
    },
  };
}

/** Zeros; an int8 cache whose zero point is not 0 starts from a file of that byte (zeroPointFile). */
function initialState(pair: CachePair, t: Tensor): StateConfig['initial_state'][number] {
  const zero = pair.quant?.zeroPoint ?? 0;
  if (zero === 0) return { name: 'zeros', data_type: t.data_type, dims: t.dims, zero_data: true };
  return { name: 'zero_point', data_type: t.data_type, dims: t.dims, data_file: zeroPointFile(pair) };
}

/** The file (under the model folder's `initial_state/`) that holds a uint8 cache's zero point in every element. */
export function zeroPointFile(pair: CachePair): string {
  return `${pair.input}.zero_point.bin`;
}

function stateOf(pair: CachePair, io: ModelIO, batches: Set<string>): Exported<StateConfig> {
  const inSpec = io.inputs.find((i) => i.name === pair.input);
  const outSpec = io.outputs.find((o) => o.name === pair.output);
  if (!inSpec || !outSpec) return unservable(`cache pair ${pair.input} -> ${pair.output} names a tensor the model does not have`);
  const input = unbatched(inSpec);
  if (!input.ok) return input;
  const output = unbatched(outSpec);
  if (!output.ok) return output;
  const a = input.value.config;
  const b = output.value.config;
  if (a.data_type !== b.data_type || a.dims.join() !== b.dims.join() || a.dims.includes(-1)) {
    return unservable(`cache ${pair.input} [${a.dims.join(', ')}] and ${pair.output} [${b.dims.join(', ')}] must have one fixed shape and type`);
  }
  batches.add(input.value.batch).add(output.value.batch);
  return {
    ok: true,
    value: {
      input_name: pair.input,
      output_name: pair.output,
      data_type: a.data_type,
      dims: a.dims,
      initial_state: [initialState(pair, a)],
    },
  };
}
