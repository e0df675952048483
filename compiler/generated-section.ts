/**
 * A generated part of a hand-written page (docs/language.md's operations table, docs/passes.md's passes
 * table): the text between two marker lines is replaced, everything else kept as written.
 */
export interface GeneratedSection {
  /** The marker lines: HTML comments, invisible on the rendered page. */
  readonly begin: string;
  readonly end: string;
  /** The command that writes it, named in the error when the markers are missing. */
  readonly command: string;
}

export function withSection(markdown: string, section: GeneratedSection, content: string): string {
  const begin = markdown.indexOf(section.begin);
  const end = markdown.indexOf(section.end);
  if (begin < 0 || end < begin) throw new Error(`${section.command}: the markers are missing: ${section.begin} ... ${section.end}`);
  return `${markdown.slice(0, begin)}${section.begin}\n\n${content}\n\n${markdown.slice(end)}`;
}
