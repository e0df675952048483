/** A block that nothing calls, in a file that defines a network, is a warning. Library files are exempt. */
import { diagnose } from '../../../base/diagnostics/code.js';
import { UnusedBlock } from '../../../base/diagnostics/codes.js';
import type { Rule } from './rule.js';
import { definesNetwork, usedNames } from './used-names.js';

export const noUnusedBlocks: Rule = ({ program, report }) => {
  const { callees } = usedNames(program);
  for (const module of program.modules.values()) {
    if (!definesNetwork(module)) continue;
    for (const item of module.file.items) {
      if (item.kind === 'BlockDecl' && !callees.has(item.name.name)) report(diagnose(UnusedBlock, { name: item.name.name }, item.name.span));
    }
  }
};
