/**
 * A graph input or output as Triton sees it with `max_batch_size > 0`: the first dimension is the batch
 * Triton adds, so it must be symbolic, and the dims written are the rest (-1 where the model leaves one open).
 */
import type { TensorConfig } from './config.js';
import { tritonDataType } from './data-type.js';
import type { TensorSpec } from './onnx-model.js';
import { type Exported, unservable } from './problems.js';

export interface Unbatched {
  readonly config: TensorConfig;
  /** The symbol of the batch dimension (`N`). */
  readonly batch: string;
}

export function unbatched(spec: TensorSpec): Exported<Unbatched> {
  const dataType = tritonDataType(spec.elemType);
  if (dataType === undefined) return unservable(`'${spec.name}' has ONNX element type ${spec.elemType}, which Triton has no type for`);
  const [batch, ...rest] = spec.dims;
  if (spec.dims.length === 0) return unservable(`'${spec.name}' is a scalar; Triton's batchers need a first (batch) dimension`);
  if (typeof batch !== 'string') return { ok: false, error: { kind: 'batch-fixed', tensor: spec.name, dim: batch === undefined ? 'unnamed' : String(batch) } };
  const dims = rest.map((d) => (typeof d === 'number' ? d : -1));
  return { ok: true, value: { config: { name: spec.name, data_type: dataType, dims }, batch } };
}
