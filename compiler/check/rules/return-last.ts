/** Every block and network body ends with exactly one `return`, and nothing returns earlier. */
import type { Stmt } from '../../../dsl/ast.js';
import { diagnose } from '../../../base/diagnostics/code.js';
import { MissingReturn, ReturnNotLast } from '../../../base/diagnostics/codes.js';
import { walkStmts } from '../walk.js';
import type { Rule } from './rule.js';

export const returnLast: Rule = ({ program, report }) => {
  for (const module of program.modules.values()) {
    for (const item of module.file.items) {
      if (item.kind !== 'BlockDecl' && item.kind !== 'NetworkDecl') continue;
      const last: Stmt | undefined = item.body[item.body.length - 1];
      if (last?.kind !== 'ReturnStmt') {
        report(diagnose(MissingReturn, { what: item.kind === 'BlockDecl' ? 'block' : 'network', name: item.name.name }, item.name.span));
      }
      walkStmts(item.body, {
        stmt(s) {
          if (s.kind === 'ReturnStmt' && s !== last) report(diagnose(ReturnNotLast, {}, s.span));
        },
      });
    }
  }
};
