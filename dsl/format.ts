/** `vnetc fmt`: the canonical text of a source, or nothing when it has syntax errors. */
import type { Diagnostic } from '../base/diagnostics/diagnostic.js';
import { hasErrors } from '../base/diagnostics/diagnostic.js';
import { parseSource } from './parse.js';
import { printFile } from './printer.js';
import type { Source } from '../base/source.js';

export interface FormatResult {
  /** Absent when the source has syntax errors (formatting a broken file could lose text). */
  readonly text?: string;
  readonly diagnostics: Diagnostic[];
}

export function formatSource(source: Source): FormatResult {
  const { file, diagnostics } = parseSource(source);
  if (hasErrors(diagnostics)) return { diagnostics };
  return { text: printFile(file), diagnostics };
}
