/**
 * Why an operator does not apply to its operands, in the user's words (VN311): tensors take
 * `+ - * /` with a tensor or a number; `//`, `%`, comparisons and logic are for compile-time values;
 * symbolic sizes multiply, divide and compare for equality; words only compare.
 */
import type { Value } from './value.js';

const TENSOR_OPS = ['+', '-', '*', '/'];
const COMPARISONS = ['==', '!=', '<', '<=', '>', '>='];

export function operandProblem(op: string, left: Value, right?: Value): string {
  const operands = right === undefined ? [left] : [left, right];
  if (operands.some((v) => v.kind === 'tensor')) return tensorProblem(op, operands);
  if (op === '&&' || op === '||' || op === '!') return `'${op}' takes ${right === undefined ? 'a bool' : 'two bools'}`;
  if (operands.some((v) => v.kind === 'tuple')) return 'a tuple is a value to pass on (k=(1, 3, 3)); it takes no arithmetic or comparison';
  if (operands.some((v) => v.kind === 'word')) return `a word compares with another word (== and !=) and takes no arithmetic`;
  if (op === '-' && right === undefined) return "'-' negates a number";
  if (operands.some((v) => v.kind === 'dim'))
    return `symbolic sizes such as the batch N take only * / == and != (their value is not known until the model runs)`;
  if (operands.some((v) => v.kind === 'string'))
    return op === '+' ? "'+' joins a string with a string or an int; nothing else adds to a string" : 'strings only join with + and compare with == and !=';
  if (operands.some((v) => v.kind === 'bool'))
    return COMPARISONS.slice(0, 2).includes(op) ? '== and != compare two values of one type' : `a bool takes && || ! == and !=, not '${op}'`;
  return COMPARISONS.includes(op) ? `'${op}' compares two numbers` : `'${op}' takes two numbers`;
}

function tensorProblem(op: string, operands: readonly Value[]): string {
  const other = operands.find((v) => v.kind !== 'tensor');
  if (!TENSOR_OPS.includes(op)) {
    const what =
      COMPARISONS.includes(op) || op === '&&' || op === '||' || op === '!'
        ? "a tensor's values are known only when the model runs, so they cannot be compared or tested at compile time"
        : `'${op}' is for compile-time numbers`;
    return `${what}; tensors take + - * / (element-wise, with NumPy broadcasting)`;
  }
  return `a tensor combines with another tensor or a number${other ? `, not a ${kindName(other)}` : ''}`;
}

function kindName(v: Value): string {
  return v.kind === 'ratio' ? 'float' : v.kind === 'dim' ? 'symbolic size' : v.kind;
}
