import { diagnose } from '../base/diagnostics/code.js';
import { BadSetOverride } from '../base/diagnostics/codes.js';
import type { Diagnostic } from '../base/diagnostics/diagnostic.js';

export interface SetOverrides {
  /** Constant name -> the value's text, unparsed (the checker parses it as a vnet expression). */
  readonly overrides: Readonly<Record<string, string>>;
  /** VN003 for each malformed `--set`. */
  readonly diagnostics: readonly Diagnostic[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `--set T=16 --set FOLD=1/4` -> `{ T: '16', FOLD: '1/4' }`. Only the form is checked here;
 * whether the constant exists (VN004) and the value fits its type is the checker's job.
 * Setting one name twice is an error rather than "last wins": it is almost always a typo.
 */
export function parseSetOverrides(items: readonly string[]): SetOverrides {
  // No prototype: a constant may be called `constructor` or `__proto__`.
  const overrides = Object.create(null) as Record<string, string>;
  const diagnostics: Diagnostic[] = [];
  for (const text of items) {
    const problem = checkOne(text, overrides);
    if (problem) {
      diagnostics.push(diagnose(BadSetOverride, { text, reason: problem }));
      continue;
    }
    const eq = text.indexOf('=');
    overrides[text.slice(0, eq).trim()] = text.slice(eq + 1).trim();
  }
  return { overrides, diagnostics };
}

function checkOne(text: string, seen: Readonly<Record<string, string>>): string | undefined {
  const eq = text.indexOf('=');
  if (eq < 0) return "expected NAME=VALUE (no '=')";
  const name = text.slice(0, eq).trim();
  const value = text.slice(eq + 1).trim();
  if (name === '') return 'the name before = is empty';
  if (!NAME.test(name)) return `'${name}' is not a constant name`;
  if (value === '') return `no value after '${name}='`;
  if (Object.hasOwn(seen, name)) return `'${name}' is set twice`;
  return undefined;
}
