/** An operation with parameters called without `as` gets a generated name; warn, so checkpoints load by name. */
import { diagnose } from '../../../base/diagnostics/code.js';
import { UnlabeledParameters } from '../../../base/diagnostics/codes.js';
import type { CallExpr } from '../../../dsl/ast.js';
import { surfaceOps } from '../../ir/ops/index.js';
import type { SurfaceOp } from '../../ir/ops/schema.js';
import { walkFile } from '../walk.js';
import type { Rule } from './rule.js';

export const unlabeledParameters: Rule = ({ program, scopes, report }) => {
  for (const module of program.modules.values()) {
    const globals = scopes.get(module.path)?.globals;
    walkFile(module.file, {
      expr(e) {
        if (e.kind !== 'CallExpr' || e.label) return;
        const op = surfaceOps.get(e.callee.name);
        if (op && makesParams(op, e) && globals?.get(e.callee.name)?.kind !== 'block') {
          report(diagnose(UnlabeledParameters, { op: op.name }, e.callee.span));
        }
      },
    });
  }
};

function makesParams(op: SurfaceOp, call: CallExpr): boolean {
  const free = op.noParamsWhen;
  if (!op.hasParams) return false;
  if (!free) return true;
  return !call.args.some((a) => a.name?.name === free.name && a.value.kind === 'NameRef' && a.value.name === free.word);
}
