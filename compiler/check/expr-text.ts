/** An expression as source-like text for messages (`planes*4`, `H/stride`), independent of spans. */
import type { Expr } from '../../dsl/ast.js';

const PRECEDENCE: Readonly<Record<string, number>> = {
  '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '<=': 4, '>': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '//': 6, '%': 6,
};

export function exprText(e: Expr, parent = 0): string {
  switch (e.kind) {
    case 'IntLiteral':
    case 'FloatLiteral': return e.raw;
    case 'StringLiteral': return JSON.stringify(e.value);
    case 'BoolLiteral': return String(e.value);
    case 'NameRef': return e.name;
    case 'TupleExpr': return `(${e.elements.map((x) => exprText(x)).join(', ')})`;
    case 'UnaryExpr': return `${e.op}${exprText(e.operand, 7)}`;
    case 'BinaryExpr': {
      const p = PRECEDENCE[e.op] ?? 0;
      const text = `${exprText(e.left, p)}${e.op}${exprText(e.right, p + 1)}`;
      return p < parent ? `(${text})` : text;
    }
    case 'CallExpr': return `${e.callee.name}(...)`;
    case 'PipeExpr': return `${exprText(e.head)} |> ...`;
  }
}
