/**
 * Rename rules: ordered regular-expression substitutions applied to every tensor name, each rule to
 * the result of the one before (like a sed script). A rule whose replacement is `null` drops the
 * tensors it matches. The built-in layouts and `--weights-map` files are both lists of these.
 */
export interface RenameRule {
  readonly pattern: RegExp;
  /** `$1`-style replacement, or null to drop the tensor. */
  readonly replacement: string | null;
}

export const rule = (pattern: RegExp, replacement: string | null): RenameRule => ({ pattern, replacement });

/** The name after every rule, or null when a rule drops it. */
export function applyRules(name: string, rules: readonly RenameRule[]): string | null {
  let out = name;
  for (const { pattern, replacement } of rules) {
    if (replacement === null) {
      if (pattern.test(out)) return null;
      continue;
    }
    out = out.replace(pattern, replacement);
  }
  return out;
}
