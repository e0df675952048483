/** docs/language.md's operations table is generated from the op registry: each op's doc and argument schema. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OP_TABLE, opTableMarkdown, withOpTable } from '../../compiler/ir/ops/docs.js';
import { surfaceOps } from '../../compiler/ir/ops/index.js';

const LANGUAGE_MD = new URL('../../docs/language.md', import.meta.url);

describe('the operations table', () => {
  it('docs/language.md holds what the registry generates (npm run gen:op-doc)', () => {
    const markdown = readFileSync(LANGUAGE_MD, 'utf8');
    expect(markdown).toBe(withOpTable(markdown));
  });

  it('names every op the language accepts, once', () => {
    const table = opTableMarkdown();
    const named = [...table.matchAll(/^\| `([^`(]+)/gm)].flatMap((m) => (m[1] as string).split('/'));
    expect(named.sort()).toEqual([...surfaceOps.keys()].sort());
  });

  it('gives ops that share a doc one row, their signature from the argument schema', () => {
    const table = opTableMarkdown();
    expect(table).toContain("| `conv1d/conv2d/conv3d(out, k, stride=1, pad=0, dilation=1, groups=1, bias=true)` | `[B, C, *S] -> [B, out, *S']` |");
    expect(table).toContain('| `silu/swish` | same | |');
    expect(table).toContain('| `maxpool(k, stride=k, pad=0)` |');
    expect(table).toContain('| `batchnorm(eps=1e-5)` |');
  });

  it('replaces only what lies between the markers, and refuses a page without them', () => {
    const page = `# before\n\n${OP_TABLE.begin}\nstale\n${OP_TABLE.end}\n\nafter\n`;
    const out = withOpTable(page);
    expect(out.startsWith(`# before\n\n${OP_TABLE.begin}\n\n| operation |`)).toBe(true);
    expect(out.endsWith(`|\n\n${OP_TABLE.end}\n\nafter\n`)).toBe(true);
    expect(out).not.toContain('stale');
    expect(() => withOpTable('# no table\n')).toThrow(/markers are missing/);
  });
});
