/**
 * The few ANSI styles the text formats use. A `Paint` with colour off returns text unchanged,
 * so formatters style unconditionally and the caller decides (TTY, NO_COLOR, --no-color).
 */
export type Style = 'bold' | 'dim' | 'red' | 'yellow' | 'cyan' | 'blue';

export type Paint = (style: Style, text: string) => string;

const OPEN: Record<Style, string> = {
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  cyan: '\u001b[36m',
  blue: '\u001b[34m',
};
const CLOSE: Record<Style, string> = {
  bold: '\u001b[22m',
  dim: '\u001b[22m',
  red: '\u001b[39m',
  yellow: '\u001b[39m',
  cyan: '\u001b[39m',
  blue: '\u001b[39m',
};

export function makePaint(color: boolean): Paint {
  if (!color) return (_style, text) => text;
  return (style, text) => (text === '' ? text : `${OPEN[style]}${text}${CLOSE[style]}`);
}
