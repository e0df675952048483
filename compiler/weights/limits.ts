/**
 * What a weights file may make vnet do, whatever it declares. Each limit is far above what torch.save
 * or a safetensors writer produce, and low enough that a small hostile file cannot make vnet allocate
 * or work without bound. Passing one is VN428, naming the limit.
 */

/** Characters in a dict key or tensor name (real names are under 200). */
export const MAX_NAME_CHARS = 4096;

/** Bytes of one string in a pickle (a config text is kilobytes; V8 cannot hold a string past 512 Mi characters). */
export const MAX_STRING_BYTES = 64 * 1024 ** 2;

/**
 * A zip checkpoint's deflated entries may inflate to at most this many times the file's size, plus
 * INFLATE_SLACK_BYTES: torch stores its entries uncompressed, and a re-zipped checkpoint of float
 * weights shrinks by a few percent, not by a factor of 64.
 */
export const INFLATE_RATIO = 64;
export const INFLATE_SLACK_BYTES = 16 * 1024 ** 2;

/** Shows the start of a long name in a message, escaped later by the formatter: `'aaaa…' (1048576 characters)`. */
export function shortName(name: string, keep = 60): string {
  return name.length <= keep ? `'${name}'` : `'${clip(name, keep)}' (${name.length} characters)`;
}

/** The name, or its first `keep` characters and an ellipsis. */
export function clip(name: string, keep = 60): string {
  return name.length <= keep ? name : `${name.slice(0, keep)}…`;
}
