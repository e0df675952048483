/**
 * Arithmetic on tensors: `a + b` (the residual sum), `a - b`, `a * b` (the squeeze-excitation gate
 * `x * s`) and `a / b`, element-wise with NumPy broadcasting; and a tensor with a number (`x * 0.5`,
 * `1 - x`, `-x`). Token values add when their layouts match, and a patch-only value adds to the patch
 * tokens of a full token value (add_patches); `-`, `*`, `/` need one layout and one shape.
 */
import type { Span } from '../../base/span.js';
import { diagnose } from '../../base/diagnostics/code.js';
import { BroadcastMismatch, DTypeMismatch, DivisionByZero, InvalidOperands, TokenAddMismatch, TokenArithmeticMismatch } from '../../base/diagnostics/codes.js';
import { dimToString, shapeEquals, shapeToString } from '../ir/dim.js';
import type { IRValue, OpName, ScalarArithOp } from '../ir/graph.js';
import { broadcastShapes, inferBroadcast } from '../ir/ops/add.js';
import { addPatchesRule } from '../ir/ops/add_patches.js';
import { scalarArithRule } from '../ir/ops/arithmetic.js';
import { describeTokens, sameGrid } from '../ir/ops/tokens.js';
import { type Report, reportUnbound } from './arithmetic.js';
import type { GraphBuilder } from './graph-builder.js';
import { operandProblem } from './operand-problem.js';
import { POISON, type Value, describe, show } from './value.js';

export type TensorOp = '+' | '-' | '*' | '/';

const SCALAR_OP: Readonly<Record<TensorOp, ScalarArithOp>> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div' };
const BINARY_OP: Readonly<Record<TensorOp, Extract<OpName, 'add' | 'sub' | 'mul' | 'div'>>> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div' };

/** Where the nodes go and problems are reported. */
export interface ArithmeticSite {
  readonly span: Span;
  /** The enclosing label, under which generated node names go. */
  readonly prefix: string;
  readonly builder: GraphBuilder;
  readonly report: Report;
}

export function tensorArithmetic(op: TensorOp, left: Value, right: Value, site: ArithmeticSite): Value {
  if (left.kind === 'poison' || right.kind === 'poison') return POISON;
  if (left.kind === 'tensor' && right.kind === 'tensor') {
    const out = tensors(op, left.value, right.value, site);
    return out ? { kind: 'tensor', value: out } : POISON;
  }
  const numberFirst = left.kind !== 'tensor';
  const [tensor, number] = numberFirst ? [right, left] : [left, right];
  const value = number.kind === 'int' || number.kind === 'float' ? number.value : number.kind === 'ratio' ? number.num / number.den : undefined;
  if (tensor.kind !== 'tensor' || value === undefined) {
    if (!reportUnbound(left, site.report) && !reportUnbound(right, site.report)) {
      site.report(diagnose(InvalidOperands, { op, left: describe(left), right: describe(right), reason: operandProblem(op, left, right) }, site.span));
    }
    return POISON;
  }
  if (op === '/' && !numberFirst && value === 0) {
    site.report(diagnose(DivisionByZero, { left: show(tensor) }, site.span));
    return POISON;
  }
  const attrs = { op: SCALAR_OP[op], value, numberFirst };
  const out = scalarArithRule.infer(attrs, [tensor.value]);
  if (typeof out === 'string') return POISON;
  const node = site.builder.addNode('scalar_arith', attrs, site.builder.generatedName(site.prefix, SCALAR_OP[op]), [tensor.value], {}, out, site.span);
  return node ? { kind: 'tensor', value: node } : POISON;
}

function tensors(op: TensorOp, a: IRValue, b: IRValue, site: ArithmeticSite): IRValue | undefined {
  if (a.dtype !== b.dtype) {
    site.report(diagnose(DTypeMismatch, { what: `the two sides of ${op}`, expected: a.dtype, found: b.dtype }, site.span));
    return undefined;
  }
  if (a.tokens || b.tokens) return op === '+' ? addTokens(a, b, site) : sameTokens(op, a, b, site);
  const shape = broadcastShapes(a.shape, b.shape);
  if (!Array.isArray(shape)) {
    const rank = Math.max(a.shape.length, b.shape.length);
    const size = (v: IRValue) => {
      const d = v.shape[v.shape.length - rank + shape.axis];
      return d === undefined ? '1 (absent)' : dimToString(d);
    };
    const args = {
      op,
      left: `${a.dtype}${shapeToString(a.shape)}`,
      right: `${b.dtype}${shapeToString(b.shape)}`,
      axis: shape.axis,
      leftSize: size(a),
      rightSize: size(b),
    };
    site.report(diagnose(BroadcastMismatch, args, site.span));
    return undefined;
  }
  return binaryNode(op, a, b, site);
}

function binaryNode(op: TensorOp, a: IRValue, b: IRValue, site: ArithmeticSite): IRValue | undefined {
  const out = inferBroadcast([a, b]);
  if (typeof out === 'string') return undefined;
  const irOp = BINARY_OP[op];
  return site.builder.addNode(irOp, {}, site.builder.generatedName(site.prefix, irOp), [a, b], {}, out, site.span);
}

function showValue(v: IRValue): string {
  return v.tokens ? `${describeTokens(v.tokens)} ${shapeToString(v.shape)}` : `a plain ${shapeToString(v.shape)} tensor`;
}

/** `-`, `*`, `/` on token values: one layout, one shape. */
function sameTokens(op: TensorOp, a: IRValue, b: IRValue, site: ArithmeticSite): IRValue | undefined {
  const ta = a.tokens;
  const tb = b.tokens;
  if (ta && tb && sameGrid(ta, tb) && ta.cls === tb.cls && shapeEquals(a.shape, b.shape)) return binaryNode(op, a, b, site);
  site.report(diagnose(TokenArithmeticMismatch, { op, left: showValue(a), right: showValue(b) }, site.span));
  return undefined;
}

function addTokens(a: IRValue, b: IRValue, site: ArithmeticSite): IRValue | undefined {
  const ta = a.tokens;
  const tb = b.tokens;
  const mismatch = () => {
    site.report(diagnose(TokenAddMismatch, { left: showValue(a), right: showValue(b) }, site.span));
    return undefined;
  };
  if (!ta || !tb || !sameGrid(ta, tb)) return mismatch();
  if (ta.cls === tb.cls) return shapeEquals(a.shape, b.shape) ? (binaryNode('+', a, b, site) ?? mismatch()) : mismatch();
  const [full, patches] = ta.cls === 'none' ? [b, a] : [a, b];
  const out = addPatchesRule.infer({}, [full, patches]);
  if (typeof out === 'string') return mismatch();
  return site.builder.addNode('add_patches', {}, site.builder.generatedName(site.prefix, 'add_patches'), [full, patches], {}, out, site.span);
}
