/** A constant that nothing reads, in a file that defines a network, is a warning. Library files are exempt. */
import { diagnose } from '../../../base/diagnostics/code.js';
import { UnusedConstant } from '../../../base/diagnostics/codes.js';
import type { Rule } from './rule.js';
import { definesNetwork, usedNames } from './used-names.js';

export const noUnusedConstants: Rule = ({ program, report }) => {
  const { names } = usedNames(program);
  for (const module of program.modules.values()) {
    if (!definesNetwork(module)) continue;
    for (const item of module.file.items) {
      if (item.kind === 'ConstDecl' && !names.has(item.name.name)) report(diagnose(UnusedConstant, { name: item.name.name }, item.name.span));
    }
  }
};
