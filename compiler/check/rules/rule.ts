/** The contract of an AST rule: it reads the loaded program and reports through the context; it never throws. */
import type { Report } from '../arithmetic.js';
import type { Program } from '../load-program.js';
import type { Scopes } from '../resolve.js';

export interface RuleContext {
  readonly program: Program;
  readonly scopes: Scopes;
  readonly report: Report;
}

export type Rule = (ctx: RuleContext) => void;
