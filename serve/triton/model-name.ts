/**
 * A model's name is the name of its folder in the repository (Triton requires them equal), so it must
 * be one plain folder name: letters, digits, `_`, `.`, `-`, not starting with `.` or `-` (no `..`, no
 * hidden folder, no separator, no control character, never an option).
 */
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}$/;

export function isModelName(name: string): boolean {
  return NAME.test(name);
}
