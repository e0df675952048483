/**
 * A test harness (not a server) that batches the way Triton's sequence batcher with implicit state does,
 * driven only by the config.pbtxt vnet writes: each request is one frame of one sequence; a batch stacks
 * the requests as rows; before the run, row i of every state input is that sequence's state (zeros, the
 * config's initial_state, on its first request, the START flag); after the run, row i of every state
 * output becomes that sequence's state. Sequences may land in any row from one batch to the next.
 */
import type { ModelConfig } from '../../serve/triton/config.js';
import { loadOrt, type OrtSession } from '../../ort/ort.js';

const ort = await loadOrt();

export interface FrameRequest {
  readonly sequence: string;
  /** Triton's START control: the sequence begins here (its state is the initial zeros). */
  readonly start: boolean;
  readonly frame: Float32Array;
}

export class SequenceBatcherHarness {
  private readonly states = new Map<string, Map<string, Float32Array>>();

  constructor(
    private readonly session: OrtSession,
    private readonly config: ModelConfig,
  ) {}

  /** Runs one batch (one row per request, in the given order); returns each sequence's output row. */
  async step(requests: readonly FrameRequest[]): Promise<Map<string, Float32Array>> {
    const rows = requests.length;
    const input = this.config.input[0];
    const output = this.config.output[0];
    const stateConfigs = this.config.sequence_batching?.state ?? [];
    if (!input || !output) throw new Error('the config has no input or output');
    const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {
      [input.name]: new ort.Tensor('float32', concat(requests.map((r) => r.frame)), [rows, ...input.dims]),
    };
    for (const s of stateConfigs) {
      const size = s.dims.reduce((a, b) => a * b, 1);
      const perRow = requests.map((r) => (r.start ? undefined : this.states.get(r.sequence)?.get(s.input_name)) ?? new Float32Array(size));
      feeds[s.input_name] = new ort.Tensor('float32', concat(perRow), [rows, ...s.dims]);
    }
    const results = await this.session.run(feeds);
    const out = new Map<string, Float32Array>();
    const logits = results[output.name]?.data as Float32Array;
    const width = logits.length / rows;
    for (const [i, r] of requests.entries()) {
      out.set(r.sequence, logits.slice(i * width, (i + 1) * width));
      const state = new Map<string, Float32Array>();
      for (const s of stateConfigs) {
        const data = results[s.output_name]?.data as Float32Array;
        const size = data.length / rows;
        state.set(s.input_name, data.slice(i * size, (i + 1) * size));
      }
      this.states.set(r.sequence, state);
    }
    return out;
  }
}

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
