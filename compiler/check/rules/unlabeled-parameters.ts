/** An operation with parameters called without `as` gets a generated name; warn, so checkpoints load by name. */
import { diagnose } from '../../diagnostics/code.js';
import { UnlabeledParameters } from '../../diagnostics/codes.js';
import { surfaceOps } from '../../ir/ops/index.js';
import { walkFile } from '../walk.js';
import type { Rule } from './rule.js';

export const unlabeledParameters: Rule = ({ program, scopes, report }) => {
  for (const module of program.modules.values()) {
    const globals = scopes.get(module.path)?.globals;
    walkFile(module.file, {
      expr(e) {
        if (e.kind !== 'CallExpr' || e.label) return;
        const op = surfaceOps.get(e.callee.name);
        if (op?.hasParams && globals?.get(e.callee.name)?.kind !== 'block') {
          report(diagnose(UnlabeledParameters, { op: op.name }, e.callee.span));
        }
      },
    });
  }
};
