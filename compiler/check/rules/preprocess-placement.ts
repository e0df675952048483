/** A `preprocess` section sits directly in a network's body, once; in a block, `if` or `for` it is misplaced. */
import { diagnose } from '../../../base/diagnostics/code.js';
import { PreprocessDuplicate, PreprocessMisplaced } from '../../../base/diagnostics/codes.js';
import { walkStmts } from '../walk.js';
import type { Rule } from './rule.js';

export const preprocessPlacement: Rule = ({ program, report }) => {
  for (const module of program.modules.values()) {
    for (const item of module.file.items) {
      if (item.kind !== 'BlockDecl' && item.kind !== 'NetworkDecl') continue;
      const own = item.kind === 'NetworkDecl' ? item.body.filter((s) => s.kind === 'PreprocessStmt') : [];
      const [first, ...extra] = own;
      for (const s of extra)
        report(diagnose(PreprocessDuplicate, { what: 'a preprocess section' }, s.span, [{ span: first!.span, message: 'first given here' }]));
      walkStmts(item.body, {
        stmt(s) {
          if (s.kind === 'PreprocessStmt' && !own.includes(s)) report(diagnose(PreprocessMisplaced, {}, s.span));
        },
      });
    }
  }
};
