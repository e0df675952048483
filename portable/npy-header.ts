/**
 * The header of a .npy file is a Python dict literal, e.g. `{'descr': '<f4', 'fortran_order': False,
 * 'shape': (2, 3), }`. It is parsed here as one, the way numpy reads it (ast.literal_eval): strings in
 * either quote with escapes, True/False/None, integers, tuples and lists, and a repeated key keeps
 * its last value. A string cannot fool the parse, unlike a regular expression over the text.
 */
export type PyValue = string | number | boolean | null | PyValue[];

export type HeaderDict = { ok: true; dict: Map<string, PyValue> } | { ok: false; reason: string };

class Bad extends Error {}

export function parseHeaderDict(text: string): HeaderDict {
  const p = { text, at: 0 };
  try {
    skip(p);
    const dict = parseDict(p);
    skip(p);
    if (p.at !== text.length) throw new Bad(`unexpected text after the dict at offset ${p.at}`);
    return { ok: true, dict };
  } catch (error) {
    if (error instanceof Bad) return { ok: false, reason: error.message };
    throw error;
  }
}

interface Cursor {
  readonly text: string;
  at: number;
}

function skip(p: Cursor): void {
  while (p.at < p.text.length && /\s/.test(p.text[p.at] as string)) p.at++;
}

function expect(p: Cursor, char: string): void {
  skip(p);
  if (p.text[p.at] !== char) throw new Bad(`expected '${char}' at offset ${p.at}`);
  p.at++;
}

function parseDict(p: Cursor): Map<string, PyValue> {
  expect(p, '{');
  const dict = new Map<string, PyValue>();
  for (;;) {
    skip(p);
    if (p.text[p.at] === '}') {
      p.at++;
      return dict;
    }
    const key = parseValue(p);
    if (typeof key !== 'string') throw new Bad('a header key must be a string');
    expect(p, ':');
    dict.set(key, parseValue(p));
    if (!separator(p, '}')) {
      expect(p, '}');
      return dict;
    }
  }
}

/** After an item: true after a comma, false when the closing bracket comes next. */
function separator(p: Cursor, close: string): boolean {
  skip(p);
  if (p.text[p.at] === ',') {
    p.at++;
    return true;
  }
  if (p.text[p.at] === close) return false;
  throw new Bad(`expected ',' or '${close}' at offset ${p.at}`);
}

function parseValue(p: Cursor): PyValue {
  skip(p);
  const c = p.text[p.at];
  if (c === "'" || c === '"') return parseString(p, c);
  if (c === '(' || c === '[') return parseSequence(p, c === '(' ? ')' : ']');
  const word = /^(True|False|None|[+-]?\d+)/.exec(p.text.slice(p.at, p.at + 32))?.[0];
  if (word === undefined) throw new Bad(`unexpected '${c ?? 'end of header'}' at offset ${p.at}`);
  p.at += word.length;
  if (word === 'True') return true;
  if (word === 'False') return false;
  if (word === 'None') return null;
  return Number(word);
}

function parseSequence(p: Cursor, close: string): PyValue[] {
  p.at++;
  const items: PyValue[] = [];
  for (;;) {
    skip(p);
    if (p.text[p.at] === close) {
      p.at++;
      return items;
    }
    items.push(parseValue(p));
    if (!separator(p, close)) {
      p.at++;
      return items;
    }
  }
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', "'": "'", '"': '"' };

function parseString(p: Cursor, quote: string): string {
  let out = '';
  p.at++;
  while (p.at < p.text.length) {
    const c = p.text[p.at] as string;
    if (c === quote) {
      p.at++;
      return out;
    }
    if (c === '\n') break;
    if (c === '\\') {
      const next = p.text[p.at + 1];
      const escaped = next !== undefined ? ESCAPES[next] : undefined;
      out += escaped ?? `\\${next ?? ''}`;
      p.at += 2;
      continue;
    }
    out += c;
    p.at++;
  }
  throw new Bad('unterminated string in the header');
}
