/** An expression as source-like text for messages (`planes*4`, `H/stride`), independent of spans. */
import type { BinaryExpr, Expr } from '../../dsl/ast.js';

const PRECEDENCE: Readonly<Record<string, number>> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '//': 6,
  '%': 6,
};

export function exprText(e: Expr, parent = 0): string {
  switch (e.kind) {
    case 'IntLiteral':
    case 'FloatLiteral':
      return e.raw;
    case 'StringLiteral':
      return JSON.stringify(e.value);
    case 'BoolLiteral':
      return String(e.value);
    case 'NameRef':
      return e.name;
    case 'TupleExpr':
      return `(${e.elements.map((x) => exprText(x)).join(', ')})`;
    case 'UnaryExpr':
      return `${e.op}${exprText(e.operand, 7)}`;
    case 'BinaryExpr': {
      const p = PRECEDENCE[e.op] ?? 0;
      const text = chainText(e, p);
      return p < parent ? `(${text})` : text;
    }
    case 'CallExpr':
      return `${e.callee.name}(...)`;
    case 'PipeExpr':
      return `${exprText(e.head)} |> ...`;
  }
}

/** A left-leaning run of operators of one precedence, written with a loop (a long chain is deep). */
function chainText(top: BinaryExpr, p: number): string {
  const spine: BinaryExpr[] = [];
  let left: Expr = top;
  for (; left.kind === 'BinaryExpr' && (PRECEDENCE[left.op] ?? 0) === p; left = left.left) spine.push(left);
  let text = exprText(left, p);
  for (let i = spine.length - 1; i >= 0; i--) text += `${spine[i]!.op}${exprText(spine[i]!.right, p + 1)}`;
  return text;
}
