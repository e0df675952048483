/**
 * Maps a checkpoint's tensor names to the network's parameter names: by the user's `--weights-map`
 * rules when given, else by the layout the names show (layouts/layouts.ts), else unchanged.
 */
import { detectLayout } from './layouts/layouts.js';
import { applyRules, type RenameRule } from './layouts/rules.js';
import type { NamedTensor } from './tensor.js';

export interface Renamed {
  readonly tensors: NamedTensor[];
  /** What decided the names: a layout's title, `--weights-map`, or undefined (names as they are). */
  readonly layout?: string;
}

export function renameTensors(tensors: readonly NamedTensor[], params: ReadonlySet<string>, map?: { rules: readonly RenameRule[]; path: string }): Renamed {
  const names = tensors.map((t) => t.name);
  let rename: ((name: string) => string | null) | undefined;
  let layout: string | undefined;
  if (map) {
    rename = (name) => applyRules(name, map.rules);
    layout = `--weights-map ${map.path}`;
  } else {
    const found = detectLayout(names);
    if (found) [rename, layout] = [found.renamer(names, params), found.title];
  }
  if (!rename) return { tensors: [...tensors] };
  const out: NamedTensor[] = [];
  for (const t of tensors) {
    const name = rename(t.name);
    if (name === null) continue;
    out.push(name === t.name ? t : { ...t, name, original: t.original ?? t.name });
  }
  return { tensors: out, ...(layout !== undefined ? { layout } : {}) };
}
