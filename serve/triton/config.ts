/**
 * The part of Triton's `ModelConfig` (model_config.proto) vnet writes, as plain data. Field names are the
 * proto's own (snake_case), so pbtxt.ts can check every one against the schema and write it unchanged.
 */
export type TritonDataType =
  | 'TYPE_BOOL'
  | 'TYPE_UINT8'
  | 'TYPE_UINT16'
  | 'TYPE_UINT32'
  | 'TYPE_UINT64'
  | 'TYPE_INT8'
  | 'TYPE_INT16'
  | 'TYPE_INT32'
  | 'TYPE_INT64'
  | 'TYPE_FP16'
  | 'TYPE_FP32'
  | 'TYPE_FP64'
  | 'TYPE_STRING'
  | 'TYPE_BF16';

export interface TensorConfig {
  readonly name: string;
  readonly data_type: TritonDataType;
  /** Without the batch dimension; -1 for a dimension of variable size. */
  readonly dims: readonly number[];
  readonly label_filename?: string;
}

/**
 * How a sequence's state starts: zeros, or (an int8 model's uint8 cache, whose 0.0 is its zero point) the
 * bytes of a file in the model folder's `initial_state/`.
 */
export type InitialState = {
  readonly name: string;
  readonly data_type: TritonDataType;
  readonly dims: readonly number[];
} & ({ readonly zero_data: true } | { readonly data_file: string });

export interface StateConfig {
  readonly input_name: string;
  readonly output_name: string;
  readonly data_type: TritonDataType;
  readonly dims: readonly number[];
  readonly initial_state: readonly InitialState[];
}

export interface SequenceBatchingConfig {
  readonly max_sequence_idle_microseconds: number;
  readonly oldest: {
    readonly max_candidate_sequences: number;
    readonly preferred_batch_size: readonly number[];
    readonly max_queue_delay_microseconds: number;
  };
  readonly state: readonly StateConfig[];
}

export interface DynamicBatchingConfig {
  readonly preferred_batch_size: readonly number[];
  readonly max_queue_delay_microseconds: number;
}

export interface InstanceGroupConfig {
  readonly count: number;
  readonly kind: 'KIND_CPU' | 'KIND_GPU';
}

export interface ModelConfig {
  readonly name: string;
  readonly platform: 'onnxruntime_onnx';
  readonly max_batch_size: number;
  readonly input: readonly TensorConfig[];
  readonly output: readonly TensorConfig[];
  readonly dynamic_batching?: DynamicBatchingConfig;
  readonly sequence_batching?: SequenceBatchingConfig;
  readonly instance_group: readonly InstanceGroupConfig[];
  /** Free-form facts for the client (preprocessing), as `parameters { key: ... value { string_value: ... } }`. */
  readonly parameters?: Readonly<Record<string, { readonly string_value: string }>>;
}
