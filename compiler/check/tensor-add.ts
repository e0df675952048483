/**
 * `a + b` on tensors: the residual sum. Plain tensors broadcast as NumPy does; token values add when
 * their layouts match, and a patch-only value adds to the patch tokens of a full token value (add_patches).
 */
import type { Span } from '../../dsl/span.js';
import { diagnose } from '../diagnostics/code.js';
import { BroadcastMismatch, DTypeMismatch, InvalidOperands, TokenAddMismatch } from '../diagnostics/codes.js';
import { shapeEquals, shapeToString } from '../ir/dim.js';
import type { IRValue } from '../ir/graph.js';
import { addRule, broadcastShapes } from '../ir/ops/add.js';
import { addPatchesRule } from '../ir/ops/add_patches.js';
import { describeTokens, sameGrid } from '../ir/ops/tokens.js';
import { type Report, reportUnbound } from './arithmetic.js';
import type { GraphBuilder } from './graph-builder.js';
import { POISON, type Value, describe } from './value.js';

export function addTensors(left: Value, right: Value, span: Span, prefix: string, builder: GraphBuilder, report: Report): Value {
  if (left.kind === 'poison' || right.kind === 'poison') return POISON;
  if (left.kind !== 'tensor' || right.kind !== 'tensor') {
    if (!reportUnbound(left, report) && !reportUnbound(right, report)) {
      report(diagnose(InvalidOperands, { op: '+', left: describe(left), right: describe(right) }, span));
    }
    return POISON;
  }
  const a = left.value;
  const b = right.value;
  if (a.dtype !== b.dtype) {
    report(diagnose(DTypeMismatch, { what: 'the two sides of +', expected: a.dtype, found: b.dtype }, span));
    return POISON;
  }
  const out = a.tokens || b.tokens ? addTokens(a, b, span, prefix, builder, report) : addPlain(a, b, span, prefix, builder, report);
  return out ? { kind: 'tensor', value: out } : POISON;
}

function addPlain(a: IRValue, b: IRValue, span: Span, prefix: string, builder: GraphBuilder, report: Report): IRValue | undefined {
  const shape = broadcastShapes(a.shape, b.shape);
  if (!Array.isArray(shape)) {
    report(diagnose(BroadcastMismatch, { left: shapeToString(a.shape), right: shapeToString(b.shape), axis: shape.axis }, span));
    return undefined;
  }
  const out = addRule.infer({}, [a, b]);
  if (typeof out === 'string') return undefined;
  return builder.addNode('add', {}, builder.generatedName(prefix, 'add'), [a, b], {}, out, span);
}

function addTokens(a: IRValue, b: IRValue, span: Span, prefix: string, builder: GraphBuilder, report: Report): IRValue | undefined {
  const ta = a.tokens;
  const tb = b.tokens;
  const mismatch = () => {
    const show = (v: IRValue) => (v.tokens ? `${describeTokens(v.tokens)} ${shapeToString(v.shape)}` : `a plain ${shapeToString(v.shape)} tensor`);
    report(diagnose(TokenAddMismatch, { left: show(a), right: show(b) }, span));
    return undefined;
  };
  if (!ta || !tb || !sameGrid(ta, tb)) return mismatch();
  if (ta.cls === tb.cls) {
    if (!shapeEquals(a.shape, b.shape)) return mismatch();
    const out = addRule.infer({}, [a, b]);
    return typeof out === 'string' ? mismatch() : builder.addNode('add', {}, builder.generatedName(prefix, 'add'), [a, b], {}, out, span);
  }
  const [full, patches] = ta.cls === 'none' ? [b, a] : [a, b];
  const out = addPatchesRule.infer({}, [full, patches]);
  if (typeof out === 'string') return mismatch();
  return builder.addNode('add_patches', {}, builder.generatedName(prefix, 'add_patches'), [full, patches], {}, out, span);
}
