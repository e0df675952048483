import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What vnet reads from its own package.json. */
export interface VnetPackage {
  readonly version: string;
  /** The runtime libraries a lean install leaves out, with their exact versions. */
  readonly optionalDependencies: Readonly<Record<string, string>>;
}

let cached: VnetPackage | undefined;

/**
 * vnet's package.json, found by walking up from this file (the same code runs from the sources under
 * vitest and from dist/ once built); version 0.0.0 when none is found.
 */
export function vnetPackage(): VnetPackage {
  if (cached !== undefined) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const found = readPackage(path.join(dir, 'package.json'));
    if (found !== undefined) return (cached = found);
    const parent = path.dirname(dir);
    if (parent === dir) return (cached = { version: '0.0.0', optionalDependencies: {} });
    dir = parent;
  }
}

export function vnetVersion(): string {
  return vnetPackage().version;
}

function readPackage(file: string): VnetPackage | undefined {
  try {
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown; optionalDependencies?: unknown };
    if (pkg.name !== 'vnet' || typeof pkg.version !== 'string') return undefined;
    const optional = typeof pkg.optionalDependencies === 'object' && pkg.optionalDependencies !== null ? (pkg.optionalDependencies as Record<string, string>) : {};
    return { version: pkg.version, optionalDependencies: optional };
  } catch {
    return undefined;
  }
}
