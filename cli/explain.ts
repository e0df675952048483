import { relativePath } from '../base/diagnostics/formats/format.js';
import type { ExplainNote } from '../compiler/passes/pass.js';

/** `--explain` formats: `text` (default) lines for people, `json` an array for tools. */
export const EXPLAIN_FORMATS = ['text', 'json'] as const;
export type ExplainFormat = (typeof EXPLAIN_FORMATS)[number];

/** One line per candidate site: `fuse-shift-conv  layer1.0.shift  fired: ...` or `skipped: <reason>`. */
export function formatExplainText(notes: readonly ExplainNote[]): string {
  if (notes.length === 0) return 'explain: no pass had a candidate site\n';
  const passWidth = Math.max(...notes.map((n) => n.pass.length));
  const siteWidth = Math.max(...notes.map((n) => n.site.length));
  const lines = notes.map((n) => `${n.pass.padEnd(passWidth)}  ${n.site.padEnd(siteWidth)}  ${n.fired ? 'fired' : 'skipped'}: ${n.reason}`);
  return `${lines.join('\n')}\n`;
}

/** The JSON form of one note: a small stable contract (docs/passes.md: `--explain json`). */
export interface ExplainRecord {
  readonly pass: string;
  readonly fired: boolean;
  readonly reason: string;
  /** The `.vnet` layer path of the site (`layer1.0.shift`), or `model` for a whole-model step. */
  readonly layer: string;
  /** `file:line:col` (file relative to the working directory), or null when the site has no place. */
  readonly span: string | null;
}

export function formatExplainJson(notes: readonly ExplainNote[], cwd: string): string {
  const records: ExplainRecord[] = notes.map((n) => ({
    pass: n.pass,
    fired: n.fired,
    reason: n.reason,
    layer: n.site,
    span: n.span ? `${relativePath(n.span.file, cwd)}:${n.span.line}:${n.span.column}` : null,
  }));
  return `${JSON.stringify(records, null, 2)}\n`;
}
