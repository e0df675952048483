/** What the user chooses about a served model (`vnetc triton` options). */
export interface ServeOptions {
  /** Triton's `max_batch_size`: rows (offline: clips; online: concurrent streams) per batch. */
  readonly maxBatch: number;
  /**
   * Online models: `oldest.max_candidate_sequences`, the streams each instance holds a slot (and a state)
   * for; the batcher builds each batch from the oldest requests among them. A stream beyond these waits
   * in Triton's backlog until a candidate ends or goes idle.
   */
  readonly maxSequences: number;
  /** Online models: `max_sequence_idle_microseconds` in milliseconds: a stream silent this long loses its slot and state. */
  readonly sequenceIdleMs: number;
  /** Model instances (`instance_group.count`). */
  readonly instances: number;
  /** Instances on GPUs (KIND_GPU) instead of CPUs. */
  readonly gpu: boolean;
}

/** Candidate streams per instance when not given: four batches' worth, so streams beyond one batch are served, not queued. */
export const SEQUENCES_PER_BATCH_ROW = 4;

/** The idle timeout when not given, milliseconds. */
export const DEFAULT_SEQUENCE_IDLE_MS = 5000;

export const DEFAULT_SERVE_OPTIONS: ServeOptions = {
  maxBatch: 8,
  maxSequences: 8 * SEQUENCES_PER_BATCH_ROW,
  sequenceIdleMs: DEFAULT_SEQUENCE_IDLE_MS,
  instances: 1,
  gpu: false,
};

/** How long a batch may wait for more requests, microseconds (a tenth of a millisecond: latency first). */
export const QUEUE_DELAY_US = 100;
