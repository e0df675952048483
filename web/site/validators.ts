import type { Stats } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The validators of a served file (RFC 9110, section 8.8): a weak ETag from its size, modification time
 * and inode (a rewritten site file is a new file, so a new tag), and Last-Modified. With
 * `Cache-Control: no-cache` the browser keeps the file and asks again before each use: a reload costs a
 * 304 per file instead of the 40 MB of model and wasm.
 */
export interface Validators {
  readonly ETag: string;
  readonly 'Last-Modified': string;
}

export function validatorsOf(info: Pick<Stats, 'size' | 'mtimeMs' | 'ino'>): Validators {
  const tag = [info.size, Math.floor(info.mtimeMs), info.ino].map((n) => n.toString(16)).join('-');
  return { ETag: `W/"${tag}"`, 'Last-Modified': new Date(info.mtimeMs).toUTCString() };
}

/**
 * Whether a GET or HEAD may be answered 304 Not Modified (RFC 9110, section 13.2.2): If-None-Match when
 * present (weak comparison; `*` matches any file), otherwise If-Modified-Since (the file's time, in whole
 * seconds, no later than the date given); an unparseable date is ignored.
 */
export function notModified(headers: IncomingHttpHeaders, validators: Validators): boolean {
  const noneMatch = headers['if-none-match'];
  if (noneMatch !== undefined) {
    const ours = opaque(validators.ETag);
    return noneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag.trim()) === ours);
  }
  const since = headers['if-modified-since'];
  if (since === undefined) return false;
  const date = Date.parse(since);
  return Number.isFinite(date) && Date.parse(validators['Last-Modified']) <= date;
}

/** The tag without its weakness marker: weak comparison. */
function opaque(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}
