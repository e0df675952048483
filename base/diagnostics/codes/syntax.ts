import { defineCode } from '../code.js';

/** VN1xx: problems found while reading the text of a `.vnet` file (lexer and parser). */

export const UnexpectedCharacter = defineCode<{ text: string; count: number }>({
  code: 'VN101',
  exit: 'input',
  severity: 'error',
  title: 'unexpected character',
  message: ({ text, count }) => `unexpected character${count > 1 ? 's' : ''} ${text}`,
});

export const UnterminatedString = defineCode<Record<string, never>>({
  code: 'VN102',
  exit: 'input',
  severity: 'error',
  title: 'unterminated string',
  message: () => "unterminated string: a string must end with '\"' on the same line",
  hint: () => "close the string with '\"' before the end of the line",
});

export const UnterminatedComment = defineCode<Record<string, never>>({
  code: 'VN103',
  exit: 'input',
  severity: 'error',
  title: 'unterminated comment',
  message: () => "unterminated comment: '/*' has no matching '*/'",
  hint: () => "close the comment with '*/' (block comments do not nest)",
});

export const BadNumber = defineCode<{ text: string }>({
  code: 'VN104',
  exit: 'input',
  severity: 'error',
  title: 'malformed number',
  message: ({ text }) => `malformed number '${text}'`,
  hint: () => 'write an integer (42, 1_000, 0x10) or a float (0.5, 1e-6, 2.5e3)',
});

export const BadEscape = defineCode<{ escape: string }>({
  code: 'VN105',
  exit: 'input',
  severity: 'error',
  title: 'invalid escape',
  message: ({ escape: text }) => `invalid escape '${text}' in string`,
  hint: () => 'strings allow the escapes \\", \\\\, \\n and \\t',
});

export const UnexpectedToken = defineCode<{ expected: string; after?: string; found: string; suggestion?: string; reserved?: string }>({
  code: 'VN106',
  exit: 'input',
  severity: 'error',
  title: 'unexpected token',
  message: ({ expected, after, found, reserved }) =>
    `expected ${expected}${after === undefined ? '' : ` after '${after}'`}, found ${found}${reserved === undefined ? '' : `, which is a reserved keyword`}`,
  hint: ({ suggestion, reserved }) =>
    reserved !== undefined
      ? `'${reserved}' is a keyword of vnet and cannot name a value, parameter or argument; choose another name such as '${reserved}_' (only a label, after \`as\`, may be a keyword)`
      : suggestion
        ? `did you mean '${suggestion}'?`
        : undefined,
});

export const UnclosedBracket = defineCode<{ closer: string; what: string; openedAt: string; found: string }>({
  code: 'VN107',
  exit: 'input',
  severity: 'error',
  title: 'unclosed bracket',
  message: ({ closer, what, openedAt, found }) => `expected '${closer}' to close the ${what} opened at ${openedAt}, found ${found}`,
});

export const UnknownTopLevel = defineCode<{ found: string; isWord: boolean; suggestion?: string }>({
  code: 'VN108',
  exit: 'input',
  severity: 'error',
  title: 'unknown top-level item',
  message: ({ found, isWord }) => `${isWord ? 'unknown word' : 'unexpected'} ${found} at top level: expected 'import', 'const', 'block' or 'network'`,
  hint: ({ suggestion }) => (suggestion ? `did you mean '${suggestion}'?` : undefined),
});

export const NestingTooDeep = defineCode<{ limit: number }>({
  code: 'VN109',
  exit: 'input',
  severity: 'error',
  title: 'nesting too deep',
  message: ({ limit }) => `nesting deeper than ${limit} levels`,
  hint: () => 'split the expression with let bindings',
});

export const BinaryFile = defineCode<{ path: string; offset: number }>({
  code: 'VN110',
  exit: 'input',
  severity: 'error',
  title: 'binary file',
  message: ({ path, offset }) => `'${path}' looks like a binary file (NUL byte at offset ${offset})`,
  hint: () => '.vnet files must be UTF-8 text',
});

export const PositionalAfterKeyword = defineCode<Record<string, never>>({
  code: 'VN111',
  exit: 'input',
  severity: 'error',
  title: 'positional argument after keyword argument',
  message: () => 'positional argument after a keyword argument',
  hint: () => 'write positional arguments first, then keyword arguments: conv2d(64, k=3)',
});

export const IntegerTooLarge = defineCode<{ text: string }>({
  code: 'VN112',
  exit: 'input',
  severity: 'error',
  title: 'integer too large',
  message: ({ text }) => `integer '${text}' is too large (the limit is 2^53 - 1)`,
});

export const TooManySyntaxErrors = defineCode<{ shown: number }>({
  code: 'VN113',
  exit: 'input',
  severity: 'note',
  title: 'too many syntax errors',
  message: ({ shown }) => `too many syntax errors; only the first ${shown} are shown`,
});

export const InternalParserError = defineCode<{ reason: string }>({
  code: 'VN199',
  exit: 'input',
  severity: 'error',
  title: 'internal parser error',
  message: ({ reason }) => `internal parser error: ${reason}`,
  hint: () => 'this is a bug in vnet; please report it with the file that caused it',
});
