/** docs/passes.md's table is generated from the pipeline (as `vnetc passes` prints it); every pass is described there. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PASSES_TABLE, passesTableMarkdown, withPassesTable } from '../../compiler/passes/docs.js';
import { AFTER_EMISSION, ALL_PASSES } from '../../compiler/passes/pipeline.js';

const PAGE = readFileSync(new URL('../../docs/passes.md', import.meta.url), 'utf8');

describe('docs/passes.md', () => {
  it('holds what the pipeline generates (npm run gen:passes-doc)', () => {
    expect(PAGE).toBe(withPassesTable(PAGE));
  });

  it('lists every pass with its levels, fold-attention-linear included, then the steps after emission', () => {
    const table = passesTableMarkdown();
    expect(table).toContain("| `fold-attention-linear` | -O2 | fold a linear that directly follows an attention into the attention's output projection |");
    expect(table).toContain('| `remove-identity` | -O1 -O2 |');
    const rows = [...table.matchAll(/^\| `([a-z-]+)`/gm)].map((m) => m[1]);
    expect(rows).toEqual([...ALL_PASSES.map((p) => p.name), ...AFTER_EMISSION.map((s) => s.name)]);
  });

  it('says what each pass rewrites, outside the generated table too', () => {
    const prose = PAGE.slice(PAGE.indexOf(PASSES_TABLE.end));
    expect(ALL_PASSES.map((p) => p.name).filter((name) => !prose.includes(`| \`${name}\` |`))).toEqual([]);
  });
});
