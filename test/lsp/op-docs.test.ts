/** The op descriptions come from the op registry (one place for the fact, also docs/language.md's table). */
import { describe, expect, it } from 'vitest';
import { surfaceOps } from '../../compiler/ir/ops/index.js';
import { opDocLine } from '../../lsp/op-docs.js';

describe('op docs', () => {
  it('has a line for every operation the language accepts: its shapes, then what it computes', () => {
    const missing = [...surfaceOps.keys()].filter((name) => opDocLine(name) === undefined);
    expect(missing).toEqual([]);
    expect(opDocLine('frames')).toBe(
      '`[N, T, *rest] -> [N*T, *rest]`. Folds the time axis into the batch; the time axis is remembered (`consensus`, `unframes` and `shift` need it).',
    );
    expect(opDocLine('swish')).toBe(opDocLine('silu'));
    expect(opDocLine('no_such_op')).toBeUndefined();
  });
});
