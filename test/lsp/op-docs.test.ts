/** The op descriptions come from docs/language.md's table (one place for the fact). */
import { describe, expect, it } from 'vitest';
import { surfaceOps } from '../../compiler/ir/ops/index.js';
import { opDocLine, parseOpTable } from '../../lsp/op-docs.js';

describe('op docs', () => {
  it('reads names, shapes and notes from the table; `|` inside backticks is not a separator', () => {
    const table = parseOpTable('x\n| operation | input -> output | parameters (names) | notes |\n|---|---|---|---|\n| `a/b(k)`, `c` | `[B] -> [B]` | | x `p|q` y |\n\nafter');
    expect([...table.keys()]).toEqual(['a', 'b', 'c']);
    expect(table.get('b')).toEqual({ io: '`[B] -> [B]`', params: '', notes: 'x `p|q` y' });
  });

  it('has a line for every operation the language accepts', () => {
    const missing = [...surfaceOps.keys()].filter((name) => opDocLine(name) === undefined);
    expect(missing).toEqual([]);
    expect(opDocLine('frames')).toBe('`[N, T, *rest] -> [N*T, *rest]`; the time axis is remembered');
  });
});
