/**
 * `--explain` says each thing once. A site can be reached more than once (a time shift lowers to two Pads
 * that the ort-cpu layout step meets one by one, both named after the shift), so notes are gathered here,
 * where they leave the compiler, and a note equal to one already given is dropped.
 */
import type { ExplainNote } from './pass.js';

export function explainOnce(explain: (note: ExplainNote) => void): (note: ExplainNote) => void {
  const given = new Set<string>();
  return (note) => {
    const span = note.span ? `${note.span.file}:${note.span.start}:${note.span.end}` : '';
    const key = JSON.stringify([note.pass, note.site, note.fired, note.reason, span]);
    if (given.has(key)) return;
    given.add(key);
    explain(note);
  };
}
