/**
 * The one way a step that can fail says how it went: its value, or why not. `limit` marks a failure
 * that is a bound vnet sets (a size, a count, a time), not a defect of the input itself. Pure
 * TypeScript: the page and the shared layers (contract/, portable/) use it too.
 */
export type Result<T, E = string> = { readonly ok: true; readonly value: T } | Failure<E>;

export type Failure<E = string> = { readonly ok: false; readonly error: E; readonly limit?: boolean };

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function fail<E = string>(error: E, limit?: boolean): Failure<E> {
  return limit ? { ok: false, error, limit } : { ok: false, error };
}
