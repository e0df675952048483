import { formatPretty } from '../base/diagnostics/formats/pretty.js';
import { parseSetOverrides } from '../compiler/set-overrides.js';
import type { CliContext } from './context.js';

/**
 * The `--set NAME=VALUE` values of a command, parsed in this one place: the overrides, or undefined
 * after printing why they are bad (the command then exits 2, a usage error).
 */
export function setOverridesOrReport(raw: readonly string[], ctx: CliContext): Readonly<Record<string, string>> | undefined {
  const set = parseSetOverrides(raw);
  if (set.diagnostics.length === 0) return set.overrides;
  ctx.stderr(formatPretty(set.diagnostics, new Map(), { color: ctx.color, cwd: ctx.cwd }));
  return undefined;
}
