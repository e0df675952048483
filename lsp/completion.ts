/**
 * Completion offers what can stand at the cursor, in the order `sortText` gives:
 * - after `|>` (a pipeline stage): the blocks in scope, then the operations (signature and doc); never a
 *   value, which the checker would reject there (VN227);
 * - inside a call's parentheses (an argument): its keyword arguments (with defaults), then the body's
 *   locals, then the constants;
 * - after `as`: the labels the files around already use;
 * - elsewhere (an expression's start): locals, constants, blocks, operations.
 */
import { type CompletionItem, CompletionItemKind, type Position } from 'vscode-languageserver';
import { blockSignature, opSignature } from '../compiler/check/signatures.js';
import { printExpr } from '../dsl/print-expr.js';
import { walkItem } from '../compiler/check/walk.js';
import { surfaceOps } from '../compiler/ir/ops/index.js';
import type { Body } from './find.js';
import { type At, at } from './at.js';
import { bindingsOf } from './find.js';
import { typingContext } from './call-context.js';
import { opDocLine } from './op-docs.js';
import { contains } from './positions.js';
import { signatureOf } from './signatures.js';
import type { Workspace } from './workspace.js';

export function completion(ws: Workspace, uri: string, position: Position): CompletionItem[] {
  const here = at(ws, uri, position);
  if (!here) return [];
  const typing = typingContext(here.source.text, here.offset);
  if (typing.afterAs) return labels(here);
  if (typing.afterPipe) return ranked([blocks(here), operations()]);
  const values = [locals(here), constants(here)];
  if (typing.call) {
    const sig = signatureOf(typing.call.callee, here.scope);
    const keywords: CompletionItem[] = (sig?.params ?? [])
      .filter((p) => !(typing.call?.stage && sig?.pipeSlot !== undefined && sig.params[sig.pipeSlot]?.name === p.name))
      .map((p, i) => ({
        label: `${p.name}=`,
        kind: CompletionItemKind.Property,
        detail: sig?.label.slice(p.at[0], p.at[1]),
        insertText: `${p.name}=`,
        sortText: `0${String(i).padStart(3, '0')}`,
      }));
    return typing.call.keyword === undefined ? [...keywords, ...ranked(values, 1)] : ranked(values, 1);
  }
  return ranked([...values, blocks(here), operations()]);
}

/** The groups in order (group `first` + i sorts before group `first` + i + 1), each alphabetical within. */
function ranked(groups: readonly CompletionItem[][], first = 0): CompletionItem[] {
  return groups.flatMap((group, g) =>
    [...group].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0)).map((item) => ({ ...item, sortText: `${first + g}${item.label}` })),
  );
}

function operations(): CompletionItem[] {
  return [...surfaceOps.values()].map((op) => {
    const doc = opDocLine(op.name);
    return { label: op.name, kind: CompletionItemKind.Function, detail: opSignature(op), ...(doc ? { documentation: doc } : {}) };
  });
}

function blocks(here: At): CompletionItem[] {
  return [...(here.scope?.globals ?? [])]
    .filter(([, g]) => g.kind === 'block')
    .map(([name, g]) => ({ label: name, kind: CompletionItemKind.Module, detail: g.kind === 'block' ? blockSignature(g.decl) : '' }));
}

function constants(here: At): CompletionItem[] {
  return [...(here.scope?.globals ?? [])]
    .filter(([, g]) => g.kind === 'const')
    .map(([name, g]) => ({ label: name, kind: CompletionItemKind.Constant, detail: g.kind === 'const' ? `const ${name} = ${printExpr(g.decl.value)}` : '' }));
}

function locals(here: At): CompletionItem[] {
  const decl = here.file.items.find((i): i is Body => (i.kind === 'BlockDecl' || i.kind === 'NetworkDecl') && contains(i.span, here.offset));
  if (!decl) return [];
  const names = new Set(
    bindingsOf(decl)
      .filter((b) => b.span.start < here.offset)
      .map((b) => b.name),
  );
  return [...names].map((name) => ({ label: name, kind: CompletionItemKind.Variable }));
}

/** Label names (`conv1`, `bn1`, `downsample`) used in the files the analyses loaded. */
function labels(here: At): CompletionItem[] {
  const names = new Set<string>();
  for (const a of here.analyses) {
    for (const module of a.result.program.modules.values()) {
      for (const item of module.file.items) {
        walkItem(item, {
          expr(e) {
            if (e.kind !== 'CallExpr' || !e.label) return;
            for (const s of e.label.segments) if (s.kind === 'NameSegment') names.add(s.name);
          },
        });
      }
    }
  }
  return [...names].sort().map((name) => ({ label: name, kind: CompletionItemKind.Field }));
}
