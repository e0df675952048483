/** What the user chooses about a served model (`vnetc triton` options). */
export interface ServeOptions {
  /** Triton's `max_batch_size`: rows (offline: clips; online: concurrent streams) per batch. */
  readonly maxBatch: number;
  /** Model instances (`instance_group.count`). */
  readonly instances: number;
  /** Instances on GPUs (KIND_GPU) instead of CPUs. */
  readonly gpu: boolean;
}

export const DEFAULT_SERVE_OPTIONS: ServeOptions = { maxBatch: 8, instances: 1, gpu: false };

/** How long a batch may wait for more requests, microseconds (a tenth of a millisecond: latency first). */
export const QUEUE_DELAY_US = 100;

/** A stream that sends nothing for this long (microseconds) is ended and its slot and state freed. */
export const SEQUENCE_IDLE_US = 5_000_000;
