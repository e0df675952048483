/** The one labels resolver is runtime/labels.ts; this name stays for cli/commands/compile.ts's import. */
export { BUILTIN_LABELS, resolveLabels } from './labels.js';
