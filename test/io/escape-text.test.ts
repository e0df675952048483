import { expect, it } from 'vitest';
import { escapeControl } from '../../io/escape-text.js';

it('makes control characters visible: newline, carriage return, ANSI/OSC escapes, C1, bidi overrides', () => {
  expect(escapeControl('a\n::error file=x::pwned')).toBe('a\\n::error file=x::pwned');
  expect(escapeControl('\u001b[31mred\u001b]0;title\u0007')).toBe('\\e[31mred\\e]0;title\\x07');
  expect(escapeControl('x\u009by\u202ez\r')).toBe('x\\x9by\\u202ez\\r');
  expect(escapeControl('tab\there')).toBe('tab\\there');
  expect(escapeControl('tab\there', { keepTabs: true })).toBe('tab\there');
  expect(escapeControl('plain ünïcode 日本')).toBe('plain ünïcode 日本');
});
