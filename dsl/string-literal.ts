/** String literals: `"..."` on one line with `\"`, `\\`, `\n` and `\t` escapes. */

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', n: '\n', t: '\t' };

export interface StringReading {
  readonly value: string;
  /** Offsets (within the token text) of escapes that are not allowed, e.g. `\q`. */
  readonly badEscapes: readonly number[];
}

/** The value of a string token's text (with or without its closing quote). */
export function readString(image: string): StringReading {
  const closed = image.length >= 2 && image.endsWith('"') && !isEscapedQuoteAtEnd(image);
  const body = image.slice(1, closed ? -1 : undefined);
  if (!body.includes('\\')) return { value: body, badEscapes: [] };
  let value = '';
  const badEscapes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      value += c;
      continue;
    }
    const next = body[i + 1];
    const replacement = next === undefined ? undefined : ESCAPES[next];
    if (replacement === undefined) badEscapes.push(i + 1);
    value += replacement ?? next ?? '';
    i++;
  }
  return { value, badEscapes };
}

function isEscapedQuoteAtEnd(image: string): boolean {
  let slashes = 0;
  for (let i = image.length - 2; i >= 1 && image[i] === '\\'; i--) slashes++;
  return slashes % 2 === 1;
}

/** The source text of a string value: quoted, with the escapes a reader understands. */
export function quoteString(value: string): string {
  return `"${value.replace(/[\\"\n\t]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\${c}`))}"`;
}
