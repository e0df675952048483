import type { IRModule, WeightTable } from './pass.js';

/**
 * The module made read-only all the way down (graph objects frozen, the weight table refusing
 * changes), so a pass that mutates its input fails at once under --debug and in tests, instead of
 * corrupting the graph the next pass sees. Typed arrays cannot be frozen; their table can.
 */
export function frozenModule(module: IRModule): IRModule {
  deepFreeze(module.graph);
  return { graph: module.graph, weights: readOnlyTable(module.weights) };
}

function deepFreeze(value: unknown, seen = new Set<object>()): void {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value) || seen.has(value)) return;
  seen.add(value);
  // Freeze children first, iteratively over this level, so a deep graph does not recurse per node twice.
  for (const child of Object.values(value)) deepFreeze(child, seen);
  Object.freeze(value);
}

function readOnlyTable(table: WeightTable): WeightTable {
  const refuse = (): never => {
    throw new TypeError('a pass changed the weight table it was given; passes must return new tables');
  };
  return new Proxy(table as Map<string, Float32Array>, {
    get(target, key) {
      if (key === 'set' || key === 'delete' || key === 'clear') return refuse;
      const member = Reflect.get(target, key, target) as unknown;
      return typeof member === 'function' ? (member as (...a: unknown[]) => unknown).bind(target) : member;
    },
  });
}
