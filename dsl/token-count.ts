/**
 * A cheap guard run before the lexer: an upper estimate of the tokens in a text (each run of
 * letters, digits and `_` counts once, every other character that is not a space once, comments
 * included), so a huge file is refused before the lexer spends time and memory on it.
 */

/** The offset at which the estimate passes `limit`, or undefined when the text stays within it. */
export function pastTokenLimit(text: string, limit: number): number | undefined {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const word = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
    if (word ? !inWord : c !== 32 && c !== 10 && c !== 13 && c !== 9) count++;
    inWord = word;
    if (count > limit) return i;
  }
  return undefined;
}
