/** The fields offline and online configs share: name, backend, batch size, instances, labels, parameters. */
import type { ModelConfig, TensorConfig } from './config.js';
import { LABELS_FILE } from './contract-facts.js';
import { instanceGroup } from './instance-group.js';
import type { ServeOptions } from './options.js';

export interface ConfigFacts {
  readonly name: string;
  readonly options: ServeOptions;
  readonly parameters: Readonly<Record<string, string>>;
  /** Whether the repository holds labels for the first output. */
  readonly labels: boolean;
}

export function sharedFields(facts: ConfigFacts, input: TensorConfig[], output: TensorConfig[]): Omit<ModelConfig, 'dynamic_batching' | 'sequence_batching'> {
  const [first, ...rest] = output;
  const labelled = first && facts.labels ? [{ ...first, label_filename: LABELS_FILE }, ...rest] : output;
  const parameters = Object.entries(facts.parameters);
  return {
    name: facts.name,
    platform: 'onnxruntime_onnx',
    max_batch_size: facts.options.maxBatch,
    input,
    output: labelled,
    instance_group: instanceGroup(facts.options),
    ...(parameters.length > 0 ? { parameters: Object.fromEntries(parameters.map(([k, v]) => [k, { string_value: v }])) } : {}),
  };
}
