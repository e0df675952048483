import type { DiagnosticCode, ExitClass } from './code.js';
import * as codes from './codes.js';

/** Every registered code, by its string (`VN305`), in code order. */
export const ALL_CODES: readonly DiagnosticCode<never>[] = Object.values(codes as Record<string, DiagnosticCode<never>>)
  .filter((c) => typeof c === 'object' && c !== null && typeof c.code === 'string')
  .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

const BY_CODE: ReadonlyMap<string, DiagnosticCode<never>> = new Map(ALL_CODES.map((c) => [c.code, c]));

export function codeEntry(code: string): DiagnosticCode<never> | undefined {
  return BY_CODE.get(code);
}

/** The exit class the registry gives `code`; an unregistered code counts as a problem in the input. */
export function exitClassOf(code: string): ExitClass {
  return BY_CODE.get(code)?.exit ?? 'input';
}
