/**
 * The keys of a JSON object's top level, in order and with repeats: JSON.parse keeps only the last of
 * a repeated key, so a checkpoint header naming one tensor twice would bind silently to one of them.
 * `text` must already be valid JSON whose top level is an object (the caller parsed it). One pass over
 * the text: a key is the string that follows the top level's `{` or one of its commas, whatever blanks
 * come between; each key is unescaped as JSON.parse unescapes it (so "\u0061" and "a" are one name).
 */
export function topLevelKeys(text: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      if (depth === 1 && expectKey) keys.push(JSON.parse(text.slice(i, end)) as string);
      expectKey = false;
      i = end;
      continue;
    }
    if (c === '{' || c === '[') {
      depth++;
      expectKey = c === '{' && depth === 1;
    } else if (c === '}' || c === ']') {
      depth--;
    } else if (c === ',') {
      expectKey = depth === 1;
    }
    i++;
  }
  return keys;
}

/** The index just past the closing quote of the string starting at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

export function firstRepeat(keys: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k)) return k;
    seen.add(k);
  }
  return undefined;
}
