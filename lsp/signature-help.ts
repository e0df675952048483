/** Signature help inside a call's parentheses: the operation's or block's parameters, the current one marked. */
import type { Position, SignatureHelp } from 'vscode-languageserver';
import { at } from './at.js';
import { typingContext } from './call-context.js';
import { activeParameter, signatureOf } from './signatures.js';
import type { Workspace } from './workspace.js';

export function signatureHelp(ws: Workspace, uri: string, position: Position): SignatureHelp | null {
  const here = at(ws, uri, position);
  if (!here) return null;
  const { call } = typingContext(here.source.text, here.offset);
  if (!call) return null;
  const sig = signatureOf(call.callee, here.scope);
  if (!sig) return null;
  return {
    signatures: [
      {
        label: sig.label,
        parameters: sig.params.map((p) => ({ label: [p.at[0], p.at[1]] as [number, number] })),
        ...(sig.doc ? { documentation: sig.doc } : {}),
      },
    ],
    activeSignature: 0,
    activeParameter: activeParameter(sig, call.index, call.keyword, call.stage),
  };
}
