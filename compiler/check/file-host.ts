/**
 * The file system as a SourceHost: a source is read with a cap of 16 MiB after fstat says it is a
 * regular file (a device or FIFO is refused before reading, so an import of `/dev/zero` cannot hang
 * or fill memory), and files are identified by their real path (symbolic links resolved).
 */
import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { MAX_SOURCE_BYTES } from '../../dsl/decode.js';
import { readBoundedSync } from '../../io/read-bounded.js';
import type { SourceHost } from './load-program.js';

/** Paths relative to `cwd` (default: the process's at each call); `preread` files are not read again. */
export function fileHost(cwd?: string, preread: ReadonlyMap<string, Uint8Array> = new Map()): SourceHost {
  const at = (p: string): string => (cwd === undefined ? path.resolve(p) : path.resolve(cwd, p));
  return {
    readFile(p) {
      const known = preread.get(p);
      if (known !== undefined) return known;
      try {
        return readBoundedSync(at(p), MAX_SOURCE_BYTES);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
        throw error;
      }
    },
    realPath(p) {
      try {
        return realpathSync(at(p));
      } catch {
        return undefined;
      }
    },
  };
}
