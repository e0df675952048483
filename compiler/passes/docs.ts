/**
 * The passes table of docs/passes.md, generated from the pipeline's tables (every pass, the -O levels that
 * run it, its description; then the steps after emission), as `vnetc passes` prints them.
 * `npm run gen:passes-doc` writes it between the markers; a test fails when it is stale.
 */
import { type GeneratedSection, withSection } from '../generated-section.js';
import { AFTER_EMISSION, ALL_PASSES, LEVELS, type OptLevel } from './pipeline.js';

export const PASSES_TABLE: GeneratedSection = {
  begin: '<!-- passes table: generated from compiler/passes/pipeline.ts by `npm run gen:passes-doc`; do not edit -->',
  end: '<!-- end of the passes table -->',
  command: 'npm run gen:passes-doc',
};

export function passesTableMarkdown(): string {
  const levels = (list: readonly OptLevel[]) => list.map((l) => `-O${l}`).join(' ');
  const levelsOf = (name: string) => levels(([0, 1, 2] as const).filter((l) => LEVELS[l].includes(name)));
  return [
    '| pass | levels | what it does |',
    '|---|---|---|',
    ...ALL_PASSES.map((p) => `| \`${p.name}\` | ${levelsOf(p.name)} | ${p.description} |`),
    ...AFTER_EMISSION.map((s) => `| \`${s.name}\` (after emission) | ${levels(s.levels)}, with \`${s.target}\` and \`${s.option}\` | ${s.description} |`),
  ].join('\n');
}

/** `docs/passes.md` with its passes table replaced by the generated one. */
export function withPassesTable(markdown: string): string {
  return withSection(markdown, PASSES_TABLE, passesTableMarkdown());
}
