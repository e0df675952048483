/**
 * Dimensions: a known size, or a monomial over free symbols (`N`, `2*N`, `N*B`).
 * Compile-time constants are evaluated before they reach a shape, so only the
 * network's free input dimensions (usually the batch N) stay symbolic.
 */
export interface SymDim {
  /** Integer coefficient, >= 1. */
  readonly factor: number;
  /** Symbol names of the product, sorted; never empty. */
  readonly symbols: readonly string[];
}

export type Dim = number | SymDim;

export function sym(name: string): SymDim {
  return { factor: 1, symbols: [name] };
}

function normalize(factor: number, symbols: readonly string[]): Dim {
  if (symbols.length === 0) return factor;
  return { factor, symbols: [...symbols].sort() };
}

export function isKnown(d: Dim): d is number {
  return typeof d === 'number';
}

export function dimMul(a: Dim, b: Dim): Dim {
  const fa = typeof a === 'number' ? a : a.factor;
  const fb = typeof b === 'number' ? b : b.factor;
  const sa = typeof a === 'number' ? [] : a.symbols;
  const sb = typeof b === 'number' ? [] : b.symbols;
  if (fa * fb === 0) return 0;
  return normalize(fa * fb, [...sa, ...sb]);
}

/** Exact division, or undefined when `a` is not a multiple of `b`. */
export function dimDiv(a: Dim, b: Dim): Dim | undefined {
  const fa = typeof a === 'number' ? a : a.factor;
  const fb = typeof b === 'number' ? b : b.factor;
  if (fb === 0 || fa % fb !== 0) return undefined;
  const rest = typeof a === 'number' ? [] : [...a.symbols];
  for (const s of typeof b === 'number' ? [] : b.symbols) {
    const at = rest.indexOf(s);
    if (at < 0) return undefined;
    rest.splice(at, 1);
  }
  return normalize(fa / fb, rest);
}

export function dimEquals(a: Dim, b: Dim): boolean {
  if (typeof a === 'number' || typeof b === 'number') return a === b;
  return a.factor === b.factor && a.symbols.length === b.symbols.length && a.symbols.every((s, i) => s === b.symbols[i]);
}

export function shapeEquals(a: readonly Dim[], b: readonly Dim[]): boolean {
  return a.length === b.length && a.every((d, i) => dimEquals(d, b[i] as Dim));
}

export function dimToString(d: Dim): string {
  if (typeof d === 'number') return String(d);
  const product = d.symbols.join('*');
  return d.factor === 1 ? product : `${d.factor}*${product}`;
}

export function shapeToString(shape: readonly Dim[]): string {
  return `[${shape.map(dimToString).join(', ')}]`;
}

/** Number of elements with every symbol taken as 1 (the per-sample size). */
export function elementsPerSample(shape: readonly Dim[]): number {
  return shape.reduce<number>((n, d) => n * (typeof d === 'number' ? d : d.factor), 1);
}
