/** Inlay hints: the output type after each pipeline stage and after the name of each `let` (and assignment). */
import { type InlayHint, InlayHintKind, type Range } from 'vscode-languageserver';
import type { Observed } from '../compiler/check/observe.js';
import { walkItem, walkStmts } from '../compiler/check/walk.js';
import type { Span } from '../base/span.js';
import { at } from './at.js';
import { offsetAt, positionAt } from './positions.js';
import { distinctTypes, observedAt } from './shapes.js';
import type { Workspace } from './workspace.js';

export function inlayHints(ws: Workspace, uri: string, range: Range): InlayHint[] {
  const here = at(ws, uri, range.start);
  if (!here) return [];
  const from = here.offset;
  const to = offsetAt(here.source, range.end);
  const hints: InlayHint[] = [];
  const add = (span: Span, anchor: number, kinds: readonly Observed['kind'][], prefix: string): void => {
    if (anchor < from || anchor > to) return;
    const types = distinctTypes(observedAt(here.analyses, span, kinds));
    const first = types[0];
    if (!first) return;
    const more = types.length > 1 ? ` (+${types.length - 1})` : '';
    hints.push({ position: positionAt(here.source, anchor), label: `${prefix}${first.text}${more}`, kind: InlayHintKind.Type, paddingLeft: prefix === '' });
  };
  for (const item of here.file.items) {
    if (item.kind !== 'BlockDecl' && item.kind !== 'NetworkDecl') continue;
    walkItem(item, {
      expr(e) {
        if (e.kind === 'PipeExpr') for (const stage of e.stages) add(stage.span, stage.span.end, ['call'], '');
      },
    });
    walkStmts(item.body, {
      stmt(s) {
        if (s.kind === 'LetStmt' || s.kind === 'AssignStmt') add(s.name.span, s.name.span.end, ['binding'], ': ');
      },
    });
  }
  return hints.sort((a, b) => a.position.line - b.position.line || a.position.character - b.position.character);
}
