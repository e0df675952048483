/**
 * What a call received, for the hover of a call that did not check (its own output was never made):
 * the piped value (the output of the stage before it, or the pipeline's head) and each argument that
 * is a tensor, each as elaboration observed it. Read from the observations; nothing is re-checked.
 */
import { walkItem } from '../compiler/check/walk.js';
import type { Observed } from '../compiler/check/observe.js';
import type { CallExpr, Expr } from '../dsl/ast.js';
import { printExpr } from '../dsl/print-expr.js';
import type { At } from './at.js';
import { type Body, latestBinding } from './find.js';
import { contains } from './positions.js';
import { observedAt } from './shapes.js';

export interface Received {
  /** `input` for the piped value, else the argument as written (`x`, `k=y`). */
  readonly what: string;
  readonly seen: readonly Observed[];
}

export function receivedBy(here: At, call: CallExpr): Received[] {
  const decl = here.file.items.find((i): i is Body => (i.kind === 'BlockDecl' || i.kind === 'NetworkDecl') && contains(i.span, call.span.start));
  const out: Received[] = [];
  const piped = pipedInto(here, call);
  if (piped) {
    const seen = valueSeen(here, decl, piped);
    if (seen.length > 0) out.push({ what: 'input', seen });
  }
  for (const arg of call.args) {
    const seen = valueSeen(here, decl, arg.value);
    if (seen.length > 0) out.push({ what: arg.name ? `${arg.name.name}=${printExpr(arg.value)}` : printExpr(arg.value), seen });
  }
  return out;
}

/** The expression whose value flows into `call` as a pipeline stage: the stage before it, or the head. */
function pipedInto(here: At, call: CallExpr): Expr | undefined {
  let found: Expr | undefined;
  for (const item of here.file.items) {
    if (!contains(item.span, call.span.start)) continue;
    walkItem(item, {
      expr(e) {
        if (e.kind !== 'PipeExpr') return;
        const i = e.stages.indexOf(call);
        if (i === 0) found = e.head;
        else if (i > 0) found = e.stages[i - 1];
      },
    });
  }
  return found;
}

/** The tensors observed for an expression: a call's output, or the binding a name refers to. */
function valueSeen(here: At, decl: Body | undefined, e: Expr): Observed[] {
  if (e.kind === 'CallExpr' || e.kind === 'PipeExpr') {
    const last = e.kind === 'PipeExpr' ? (e.stages[e.stages.length - 1] ?? e.head) : e;
    return last.kind === 'CallExpr' ? observedAt(here.analyses, last.span, ['call']) : valueSeen(here, decl, last);
  }
  if (e.kind !== 'NameRef' || !decl) return [];
  const binding = latestBinding(decl, e.name, e.span.start);
  return binding ? observedAt(here.analyses, binding.span, ['binding', 'param']) : [];
}
