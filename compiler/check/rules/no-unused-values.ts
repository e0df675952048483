/** A `let` value that no later expression of its body reads is a warning (usually a forgotten residual). */
import { diagnose } from '../../../base/diagnostics/code.js';
import { UnusedValue } from '../../../base/diagnostics/codes.js';
import { walkStmts } from '../walk.js';
import type { Rule } from './rule.js';

export const noUnusedValues: Rule = ({ program, report }) => {
  for (const module of program.modules.values()) {
    for (const item of module.file.items) {
      if (item.kind !== 'BlockDecl' && item.kind !== 'NetworkDecl') continue;
      const read = new Set<string>();
      walkStmts(item.body, {
        expr(e) {
          if (e.kind === 'NameRef') read.add(e.name);
        },
      });
      walkStmts(item.body, {
        stmt(s) {
          if (s.kind === 'LetStmt' && !read.has(s.name.name)) report(diagnose(UnusedValue, { name: s.name.name }, s.name.span));
        },
      });
    }
  }
};
