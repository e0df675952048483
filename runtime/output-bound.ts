/**
 * How much of a model's output `vnetc run` materialises: a 112-byte model can declare a [1, 200M]
 * output, which onnxruntime would allocate and vnet would copy again to rank it. An output declared
 * (or produced) larger than the bound is refused with a one-line error before it is copied.
 */
import { RuntimeError } from './errors.js';
import type { OrtValueMetadata } from '../ort/ort.js';
import { formatShape } from './tensors.js';

/** 64 Mi values (256 MiB of float32): far above any classifier's logits. */
export const MAX_OUTPUT_VALUES = 64 * 1024 * 1024;

/** Before running: outputs whose fixed dimensions alone exceed the bound (symbolic dimensions count as 1). */
export function checkDeclaredOutputs(outputs: readonly OrtValueMetadata[], limit = MAX_OUTPUT_VALUES): void {
  for (const meta of outputs) {
    if (!meta.isTensor) continue;
    const dims = meta.shape.map((d) => (typeof d === 'number' && d > 0 ? d : 1));
    check(
      meta.name,
      meta.shape,
      dims.reduce((a, b) => a * b, 1),
      limit,
    );
  }
}

/** After running: an output larger than the bound (its dimensions were symbolic). */
export function checkProducedOutput(name: string, dims: readonly number[], limit = MAX_OUTPUT_VALUES): void {
  check(
    name,
    dims,
    dims.reduce((a, b) => a * b, 1),
    limit,
  );
}

function check(name: string, shape: readonly (number | string)[], values: number, limit: number): void {
  if (values <= limit) return;
  throw new RuntimeError('model', `output '${name}' has shape ${formatShape(shape)} (${values} values); vnetc run reads at most ${limit} values per output`);
}
