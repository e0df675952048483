/**
 * Small ONNX building blocks shared by the token and attention lowerings: one method per ONNX op,
 * each node named `<ir node>/<op>_<k>` so a lowering that emits many nodes keeps them apart.
 * Batch dimensions are symbolic, so shapes given to Reshape use -1 for the one batch-sized axis.
 */
import type { IRParam } from '../../ir/graph.js';
import type { LowerContext, OnnxAttr } from './context.js';

export class OnnxOps {
  private count = 0;

  constructor(readonly ctx: LowerContext) {}

  /** One single-output node. */
  op(type: string, inputs: readonly string[], attrs?: Readonly<Record<string, OnnxAttr>>, domain?: string): string {
    const suffix = `/${type}_${this.count++}`;
    const options = domain === undefined ? { nameSuffix: suffix } : { nameSuffix: suffix, domain };
    const [out] = this.ctx.emit(type, inputs, attrs, options);
    if (out === undefined) throw new Error(`emit(${type}) returned no output`);
    return out;
  }

  ints(values: readonly number[]): string {
    return this.ctx.constant('ints', {
      dtype: 'int64',
      dims: [values.length],
      data: BigInt64Array.from(values.map((v) => BigInt(v))),
    });
  }

  floats(values: readonly number[], dims: readonly number[]): string {
    return this.ctx.constant('floats', { dtype: 'float32', dims, data: Float32Array.from(values) });
  }

  reshape(x: string, dims: readonly number[]): string {
    return this.op('Reshape', [x, this.ints(dims)]);
  }

  transpose(x: string, perm: readonly number[]): string {
    return perm.every((p, i) => p === i) ? x : this.op('Transpose', [x], { perm });
  }

  /** x[..., start:end, ...] on one axis; `end` may be a large number meaning "to the end". */
  slice(x: string, axis: number, start: number, end: number): string {
    return this.op('Slice', [x, this.ints([start]), this.ints([end]), this.ints([axis])]);
  }

  concat(xs: readonly string[], axis: number): string {
    return this.op('Concat', xs, { axis });
  }

  /** Mean over `axes`, kept as size-1 axes (ReduceMean's axes moved from attribute to input in opset 18). */
  meanKeep(x: string, axes: readonly number[]): string {
    if (this.ctx.opset >= 18) return this.op('ReduceMean', [x, this.ints(axes)], { keepdims: 1 });
    return this.op('ReduceMean', [x], { axes, keepdims: 1 });
  }

  /** Broadcasts x against a constant shape (its batch axis stays as it is when given as 1). */
  expand(x: string, dims: readonly number[]): string {
    return this.op('Expand', [x, this.ints(dims)]);
  }

  matmul(a: string, b: string): string {
    return this.op('MatMul', [a, b]);
  }

  add(a: string, b: string): string {
    return this.op('Add', [a, b]);
  }

  mul(a: string, b: string): string {
    return this.op('Mul', [a, b]);
  }

  /** y = x W^T + b for a PyTorch Linear weight [out, in]; the transpose of the initializer is constant-folded. */
  linear(x: string, weight: string, bias: string | undefined): string {
    const y = this.matmul(x, this.op('Transpose', [weight], { perm: [1, 0] }));
    return bias === undefined ? y : this.add(y, bias);
  }
}

/** A parameter by role (`qkv.weight`), falling back to the end of its hierarchical name. */
export function paramByRole(node: { readonly name: string; readonly params: Readonly<Record<string, IRParam>> }, role: string): IRParam {
  const found = node.params[role] ?? Object.values(node.params).find((p) => p.name === role || p.name.endsWith(`.${role}`));
  if (found === undefined) throw new Error(`${node.name}: missing parameter '${role}'`);
  return found;
}
