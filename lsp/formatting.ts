/** Formatting with `vnetc fmt`'s printer: one edit replacing the document, none when it is already formatted or does not parse. */
import type { TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { formatSource } from '../dsl/format.js';
import { Source } from '../base/source.js';
import { uriToPath } from './uri.js';

export function formatting(doc: TextDocument): TextEdit[] {
  const text = doc.getText();
  const formatted = formatSource(new Source(uriToPath(doc.uri), text)).text;
  if (formatted === undefined || formatted === text) return [];
  return [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) }, newText: formatted }];
}
