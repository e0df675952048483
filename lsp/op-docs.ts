/**
 * Each operation's one-line description, read from the operations table of docs/language.md (the
 * language's reference, so the editor and the manual say the same thing). Missing docs give no line.
 */
import { readFileSync } from 'node:fs';

export interface OpDoc {
  /** `[B, C, *S] -> [B, out, *S']` */
  readonly io: string;
  readonly params: string;
  readonly notes: string;
}

let table: Map<string, OpDoc> | undefined;

export function opDoc(name: string): OpDoc | undefined {
  table ??= load();
  return table.get(name);
}

/** A one-line markdown description: what the op does to shapes, and its notes. */
export function opDocLine(name: string): string | undefined {
  const doc = opDoc(name);
  if (!doc) return undefined;
  return [doc.io, doc.notes].filter((s) => s !== '').join('; ');
}

function load(): Map<string, OpDoc> {
  // lsp/op-docs.ts and dist/lsp/op-docs.js: docs/ is one or two levels up.
  for (const rel of ['../docs/language.md', '../../docs/language.md']) {
    try {
      return parseOpTable(readFileSync(new URL(rel, import.meta.url), 'utf8'));
    } catch {
      // not at this level
    }
  }
  return new Map();
}

/** Rows of the `| operation | input -> output | parameters (names) | notes |` table. */
export function parseOpTable(markdown: string): Map<string, OpDoc> {
  const out = new Map<string, OpDoc>();
  const lines = markdown.split('\n');
  const header = lines.findIndex((l) => /^\|\s*operation\s*\|/.test(l));
  if (header < 0) return out;
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const cells = splitRow(line);
    const [ops, io = '', params = '', notes = ''] = cells;
    if (ops === undefined) continue;
    for (const code of ops.match(/`[^`]*`/g) ?? []) {
      for (const name of code.slice(1, -1).replace(/\(.*$/, '').split('/')) {
        if (/^[a-z_][a-z0-9_]*$/.test(name) && !out.has(name)) out.set(name, { io, params, notes });
      }
    }
  }
  return out;
}

/** Table cells; a `|` inside backticks (`dir=both|past`) is not a separator. */
function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let code = false;
  for (const ch of line.slice(1)) {
    if (ch === '`') code = !code;
    if (ch === '|' && !code) {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  return cells;
}
