/** The one-line signatures of operations and blocks, as messages, completion and hover show them. */
import type { BlockDecl } from '../../dsl/ast.js';
import { type Dim, shapeToString } from '../ir/dim.js';
import type { ArgSpec, SurfaceOp } from '../ir/ops/schema.js';
import { exprText } from './expr-text.js';

export function opSignature(op: SurfaceOp): string {
  const args = op.args.map((a) =>
    a.variadic ? `${a.name}...` : a.default !== undefined ? `${a.name}=${showDefault(a.default)}` : a.optional ? `${a.name}=${a.shownDefault ?? '?'}` : a.name,
  );
  return `${op.name}(${[...(op.inputs === 'many' ? ['inputs...'] : []), ...args].join(', ')})`;
}

function showDefault(v: ArgSpec['default']): string {
  if (Array.isArray(v)) return v.length === 1 ? String(v[0]) : `(${v.join(', ')})`;
  if (typeof v === 'number' && !Number.isInteger(v) && Math.abs(v) < 1e-3) return v.toExponential();
  return typeof v === 'object' ? shapeToString([v as Dim]).slice(1, -1) : String(v);
}

export function blockSignature(decl: BlockDecl): string {
  const param = (p: BlockDecl['params'][number]) => {
    const type = p.type.kind === 'ScalarTypeRef' ? p.type.name : `${p.type.dtype}[${p.type.dims.map((d) => exprText(d)).join(', ')}]`;
    return `${p.name.name}: ${type}${p.default ? ` = ${exprText(p.default)}` : ''}`;
  };
  return `${decl.name.name}(${decl.params.map(param).join(', ')})`;
}
