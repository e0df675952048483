/** The signature of an operation or block as the checker writes it, with each parameter's place in it. */
import { blockSignature, opSignature } from '../compiler/check/signatures.js';
import type { ModuleScope } from '../compiler/check/resolve.js';
import { surfaceOps } from '../compiler/ir/ops/index.js';
import { opDocLine } from './op-docs.js';

export interface Signature {
  readonly label: string;
  /** Parameter names in order, and each one's [start, end) in `label`. */
  readonly params: readonly { readonly name: string; readonly at: readonly [number, number] }[];
  /** Index of the parameter a pipeline stage fills (none for an op: its input is not in the signature). */
  readonly pipeSlot?: number;
  readonly doc?: string;
}

export function signatureOf(name: string, scope: ModuleScope | undefined): Signature | undefined {
  const global = scope?.globals.get(name);
  if (global?.kind === 'block') {
    const label = blockSignature(global.decl);
    const slot = global.decl.params.findIndex((p) => p.type.kind === 'TensorTypeRef');
    return {
      label,
      params: split(
        label,
        global.decl.params.map((p) => p.name.name),
      ),
      ...(slot >= 0 ? { pipeSlot: slot } : {}),
    };
  }
  const op = surfaceOps.get(name);
  if (!op) return undefined;
  const label = opSignature(op);
  const doc = opDocLine(name);
  return {
    label,
    params: split(
      label,
      op.args.map((a) => a.name),
    ),
    ...(doc ? { doc } : {}),
  };
}

/** Each parameter's text: from its name to the next top-level comma or the closing parenthesis. */
function split(label: string, names: readonly string[]): Signature['params'] {
  const out: { name: string; at: readonly [number, number] }[] = [];
  let i = label.indexOf('(') + 1;
  for (const name of names) {
    const start = i;
    let depth = 0;
    while (i < label.length - 1) {
      const ch = label[i];
      if (ch === '[' || ch === '(') depth++;
      else if (ch === ']' || ch === ')') depth--;
      else if (ch === ',' && depth === 0) break;
      i++;
    }
    out.push({ name, at: [start, i] });
    i += 2;
  }
  return out;
}

/** The parameter the argument being typed binds: by keyword, else by position (skipping the piped one). */
export function activeParameter(sig: Signature, index: number, keyword: string | undefined, stage: boolean): number {
  if (keyword !== undefined) return sig.params.findIndex((p) => p.name === keyword);
  const slots = sig.params.map((_, i) => i).filter((i) => !(stage && i === sig.pipeSlot));
  return slots[index] ?? -1;
}
