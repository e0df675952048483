/**
 * The files `vnetc web` wrote into a site folder, listed in a hidden file of that folder: the next
 * `vnetc web -o DIR` replaces only these (anything else there needs --force), and the page server
 * serves only these. Paths are relative to the folder, with `/` between parts.
 */
import * as path from 'node:path';
import { readBounded } from '../../io/read-bounded.js';

export const MANIFEST_FILE = '.vnet-site-files.json';
const WRITTEN_BY = 'vnetc web';
const MAX_MANIFEST_BYTES = 1024 * 1024;

/** The files listed in `dir`'s manifest; none when there is no manifest or it is not vnet's. */
export async function readManifest(dir: string): Promise<ReadonlySet<string>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(await readBounded(path.join(dir, MANIFEST_FILE), MAX_MANIFEST_BYTES)));
  } catch {
    return new Set();
  }
  const { writtenBy, files } = (parsed ?? {}) as { writtenBy?: unknown; files?: unknown };
  if (writtenBy !== WRITTEN_BY || !Array.isArray(files)) return new Set();
  return new Set(files.filter((f): f is string => typeof f === 'string'));
}

export function manifestText(files: readonly string[]): string {
  return `${JSON.stringify({ writtenBy: WRITTEN_BY, files }, null, 2)}\n`;
}
