import type { ModuleScope } from './resolve.js';

/** Where elaboration is: the file whose names are visible, the label prefix, the blocks being inlined. */
export interface Frame {
  readonly module: ModuleScope;
  readonly prefix: string;
  readonly blocks: readonly string[];
}
