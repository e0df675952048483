/** An offline (whole-clip) model: every input and output batched, and Triton's dynamic batcher. */
import type { ModelConfig, TensorConfig } from './config.js';
import type { ModelIO } from './onnx-model.js';
import { QUEUE_DELAY_US } from './options.js';
import type { Exported } from './problems.js';
import { type ConfigFacts, sharedFields } from './shared-fields.js';
import { unbatched } from './tensor-config.js';

export function offlineConfig(io: ModelIO, facts: ConfigFacts): Exported<ModelConfig> {
  const tensors: TensorConfig[][] = [[], []];
  for (const [side, specs] of [io.inputs, io.outputs].entries()) {
    for (const spec of specs) {
      const t = unbatched(spec);
      if (!t.ok) return t;
      tensors[side]?.push(t.value.config);
    }
  }
  const [input = [], output = []] = tensors;
  return {
    ok: true,
    value: {
      ...sharedFields(facts, input, output),
      dynamic_batching: { preferred_batch_size: [], max_queue_delay_microseconds: QUEUE_DELAY_US },
    },
  };
}
