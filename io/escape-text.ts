/**
 * Text from files and models shown to a person or a CI log: control characters are replaced by
 * visible escapes, so a file name with a newline cannot start a line of its own (`::error` is a
 * GitHub Actions command) and ANSI or OSC escape sequences in a model's metadata cannot drive the
 * terminal. Tabs stay (code frames align with them) only where the caller allows.
 */
// C0 controls, DEL, C1 controls, and the Unicode line/paragraph separators and bidi overrides.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_BUT_TAB = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function escapeControl(text: string, options: { keepTabs?: boolean } = {}): string {
  return text.replace(options.keepTabs ? CONTROL_BUT_TAB : CONTROL, visibleEscape);
}

export function hasControl(text: string): boolean {
  return new RegExp(CONTROL.source).test(text);
}

/** `\n`, `\r`, `\t`, `\e`, else `\xNN` / `\uNNNN`. */
export function visibleEscape(char: string): string {
  switch (char) {
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    case '\u001b':
      return '\\e';
    default: {
      const code = char.charCodeAt(0);
      return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    }
  }
}
