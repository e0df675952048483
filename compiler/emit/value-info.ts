import type { Dim } from '../ir/dim.js';
import { dimToString } from '../ir/dim.js';
import type { DType } from '../ir/graph.js';
import { irDTypeToOnnx } from './dtype.js';
import type { IValueInfoProto } from './proto.js';

/** ValueInfoProto of a tensor: known dims as dim_value, symbolic ones as dim_param (`N`, `8*N`). */
export function emitValueInfo(name: string, dtype: DType, shape: readonly Dim[], docString?: string): IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: irDTypeToOnnx(dtype),
        shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: dimToString(d) })) },
      },
    },
    ...(docString ? { docString } : {}),
  };
}
