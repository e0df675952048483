/** The AST rules, as plain data; `checkProgram` runs them all after names are resolved. */
import { noUnusedBlocks } from './no-unused-blocks.js';
import { noUnusedConstants } from './no-unused-constants.js';
import { noUnusedValues } from './no-unused-values.js';
import { preprocessPlacement } from './preprocess-placement.js';
import { returnLast } from './return-last.js';
import type { Rule } from './rule.js';
import { unlabeledParameters } from './unlabeled-parameters.js';

export const rules: readonly Rule[] = [returnLast, noUnusedValues, noUnusedBlocks, noUnusedConstants, unlabeledParameters, preprocessPlacement];
