/**
 * What the elaborator saw, for tools that show shapes beside the text (the language server): each
 * tensor a call, a `let`/assignment or a parameter produced, with the span it came from and the IR
 * nodes the call made. A block's body is elaborated once per call, so one span may be seen many times.
 */
import type { Span } from '../../base/span.js';
import type { IRNode, IRValue } from '../ir/graph.js';

export interface Observed {
  /** 'call': an operation or block call (its span is the whole call, label included). */
  readonly kind: 'call' | 'binding' | 'param';
  readonly span: Span;
  readonly value: IRValue;
  /** The nodes the call added (every node of an inlined block); empty for bindings and parameters. */
  readonly nodes: readonly IRNode[];
  /** The graph's values so far, for the nodes' inputs (MAC counts). */
  readonly values: Readonly<Record<string, IRValue>>;
}

export type ElaborationObserver = (seen: Observed) => void;
