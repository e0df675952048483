/**
 * Compile-time values. Everything a `.vnet` expression can evaluate to while the checker elaborates:
 * numbers, exact fractions (`1/8` before a consumer decides it is a float), dimensions, words, tuples,
 * and tensors (IR values). `poison` stands for a value whose error was already reported, so one mistake
 * is reported once.
 */
import type { Span } from '../../base/span.js';
import { type Dim, type SymDim, dimToString, shapeToString } from '../ir/dim.js';
import type { IRValue } from '../ir/graph.js';

export type Value =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'float'; readonly value: number }
  /** An exact fraction from `/` on integers that does not divide (`1/8`); `num/den` as written. */
  | { readonly kind: 'ratio'; readonly num: number; readonly den: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'string'; readonly value: string }
  /**
   * A bare name that is not bound (`past`, `same`): a word where a word is expected, an unknown name
   * anywhere else. `suggest` finds the closest bound name for the "did you mean" hint.
   */
  | { readonly kind: 'word'; readonly value: string; readonly span?: Span; readonly suggest?: () => string | undefined }
  /** A symbolic dimension (the batch `N`, or `N*T`). Known dimensions are ints. */
  | { readonly kind: 'dim'; readonly value: SymDim }
  | { readonly kind: 'tuple'; readonly elements: readonly Value[] }
  | { readonly kind: 'tensor'; readonly value: IRValue }
  | { readonly kind: 'poison' };

export const POISON: Value = { kind: 'poison' };

export function intValue(value: number): Value {
  return { kind: 'int', value };
}

export function dimValue(d: Dim): Value {
  return typeof d === 'number' ? { kind: 'int', value: d } : { kind: 'dim', value: d };
}

/** A value as a dimension, when it is one (an int or a symbolic dimension). */
export function asDim(v: Value): Dim | undefined {
  if (v.kind === 'int') return v.value;
  if (v.kind === 'dim') return v.value;
  return undefined;
}

/** The numeric value of an int, float or fraction. */
export function asNumber(v: Value): number | undefined {
  if (v.kind === 'int' || v.kind === 'float') return v.value;
  if (v.kind === 'ratio') return v.num / v.den;
  return undefined;
}

/** The type a value has, as the language names it (used in messages and for --set type checks). */
export function typeName(v: Value): string {
  switch (v.kind) {
    case 'int':
      return 'int';
    case 'float':
    case 'ratio':
      return 'float';
    case 'bool':
      return 'bool';
    case 'string':
      return 'string';
    case 'word':
      return 'word';
    case 'dim':
      return 'int';
    case 'tuple':
      return 'tuple';
    case 'tensor':
      return 'tensor';
    case 'poison':
      return 'error';
  }
}

/** A value in words, for messages: `int 64`, `tensor f32[N*8, 64, 56, 56]`, `word past`. */
export function describe(v: Value): string {
  switch (v.kind) {
    case 'int':
      return `int ${v.value}`;
    case 'float':
      return `float ${v.value}`;
    case 'ratio':
      return `float ${v.num}/${v.den}`;
    case 'bool':
      return `bool ${v.value}`;
    case 'string':
      return `string ${JSON.stringify(v.value)}`;
    case 'word':
      return `word '${v.value}'`;
    case 'dim':
      return `dimension ${dimToString(v.value)}`;
    case 'tuple':
      return `tuple (${v.elements.map(show).join(', ')})`;
    case 'tensor':
      return `tensor ${v.value.dtype}${shapeToString(v.value.shape)}`;
    case 'poison':
      return 'an invalid value';
  }
}

/** A value as it would be written: `64`, `1/8`, `past`, `(3, 1)`. */
export function show(v: Value): string {
  switch (v.kind) {
    case 'int':
    case 'float':
    case 'bool':
      return String(v.value);
    case 'ratio':
      return `${v.num}/${v.den}`;
    case 'string':
      return JSON.stringify(v.value);
    case 'word':
      return v.value;
    case 'dim':
      return dimToString(v.value);
    case 'tuple':
      return `(${v.elements.map(show).join(', ')})`;
    case 'tensor':
      return `${v.value.dtype}${shapeToString(v.value.shape)}`;
    case 'poison':
      return '?';
  }
}

/** The plain form stored in `IRGraph.constants`. */
export function constantData(v: Value): number | string | boolean | undefined {
  switch (v.kind) {
    case 'int':
    case 'float':
    case 'bool':
    case 'string':
    case 'word':
      return v.value;
    case 'ratio':
      return v.num / v.den;
    default:
      return undefined;
  }
}
