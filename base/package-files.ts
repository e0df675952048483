/**
 * vnet's own files (label sets, the page bundle, Triton's schema, package.json), found one way: the
 * package root is the first folder up from this module that holds vnet's package.json. The same code
 * runs from the sources (under vitest) and from dist/ (built, or installed from npm), so no caller
 * guesses how many `../` lead home.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface VnetPackage {
  readonly version: string;
  readonly optionalDependencies: Readonly<Record<string, string>>;
}

let root: string | undefined;
let manifest: VnetPackage | undefined;

/** The folder holding vnet's package.json; this module's folder when there is none (a copied-out file). */
export function packageRoot(): string {
  return (root ??= findRoot());
}

/** A file of the package by its path from the package root: `packageFile('data', 'labels', 'jester.txt')`. */
export function packageFile(...parts: readonly string[]): string {
  return path.join(packageRoot(), ...parts);
}

/** vnet's package.json (version 0.0.0 and no optional dependencies when none is found). */
export function vnetPackage(): VnetPackage {
  packageRoot();
  return manifest ?? { version: '0.0.0', optionalDependencies: {} };
}

/** Walks up from this module to the first folder whose package.json is vnet's, keeping what it read. */
function findRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = path.dirname(dir)) {
    manifest = readManifest(dir);
    if (manifest !== undefined) return dir;
    if (path.dirname(dir) === dir) return here;
  }
}

function readManifest(dir: string): VnetPackage | undefined {
  try {
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown; optionalDependencies?: unknown };
    if (pkg.name !== 'vnet') return undefined;
    const optional =
      typeof pkg.optionalDependencies === 'object' && pkg.optionalDependencies !== null ? (pkg.optionalDependencies as Record<string, string>) : {};
    return { version: typeof pkg.version === 'string' ? pkg.version : '0.0.0', optionalDependencies: optional };
  } catch {
    return undefined;
  }
}
