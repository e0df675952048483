/**
 * Completion: inside a call's parentheses, its keyword arguments (with defaults) and the values in
 * scope; after `as`, the labels the files around already use; elsewhere, operations (signature and
 * doc), blocks in scope, constants and the body's locals.
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
  const values = [...constants(here), ...locals(here)];
  if (typing.call && !typing.afterPipe) {
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
    return typing.call.keyword === undefined ? [...keywords, ...values] : values;
  }
  return [...operations(), ...blocks(here), ...values];
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
  const names = new Set(bindingsOf(decl).filter((b) => b.span.start < here.offset).map((b) => b.name));
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
