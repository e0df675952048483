/** Local names while elaborating a body: values, parameters, dimension variables, loop variables. */
import type { Span } from '../../base/span.js';
import type { Value } from './value.js';

export type BindingKind = 'let' | 'param' | 'dim' | 'loop';

export interface Binding {
  value: Value;
  readonly kind: BindingKind;
  readonly span: Span;
}

export class Scope {
  private readonly vars = new Map<string, Binding>();

  constructor(readonly parent?: Scope) {}

  find(name: string): Binding | undefined {
    return this.vars.get(name) ?? this.parent?.find(name);
  }

  /** Bound in this scope itself (not a parent). */
  own(name: string): Binding | undefined {
    return this.vars.get(name);
  }

  define(name: string, binding: Binding): void {
    this.vars.set(name, binding);
  }

  names(): string[] {
    return [...this.vars.keys(), ...(this.parent?.names() ?? [])];
  }
}
