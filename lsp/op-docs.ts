/**
 * Each operation's one-line description for hover, completion and signature help: its doc in the op
 * registry (compiler/ir/ops, the same data docs/language.md's operations table is generated from).
 */
import { surfaceOps } from '../compiler/ir/ops/index.js';

/** A one-line markdown description: what the op does to shapes, and what it computes. Unknown ops give none. */
export function opDocLine(name: string): string | undefined {
  const doc = surfaceOps.get(name)?.doc;
  return doc ? `${doc.shapes}. ${doc.text}` : undefined;
}
