import { describe, expect, test } from 'vitest';
import { codeFrame } from '../../base/diagnostics/code-frame.js';
import { Source } from '../../base/source.js';

const src = (text: string) => new Source('a.vnet', text);

describe('code frame', () => {
  test('one line of context on each side, gutter as wide as the largest line number', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `const C${i + 1} = ${i + 1}`);
    const s = src(lines.join('\n'));
    const start = s.lineStarts[9]! + 6;
    expect(codeFrame(s, s.span(start, start + 3))).toBe([' 9 | const C9 = 9', '10 | const C10 = 10', '   |       ^^^'].join('\n'));
  });

  test('the first line has no line before it', () => {
    const s = src('let x = y\nreturn x\n');
    expect(codeFrame(s, s.span(8, 9))).toBe(['1 | let x = y', '  |         ^', '2 | return x'].join('\n'));
  });

  test('a span over several lines is underlined to the end of its first line', () => {
    const s = src('x = f(1,\n      2)\n');
    expect(codeFrame(s, s.span(4, 16))).toBe(['1 | x = f(1,', '  |     ^^^^', '2 |       2)'].join('\n'));
  });

  test('an empty span gets one caret, also at the end of a line', () => {
    const s = src('let x = (1\n');
    expect(codeFrame(s, s.span(10, 10), { context: 0 })).toBe(['1 | let x = (1', '  |           ^'].join('\n'));
  });

  test('empty context lines have no trailing space', () => {
    const s = src('\nlet x = 1\n\n');
    expect(codeFrame(s, s.span(5, 6))).toBe(['1 |', '2 | let x = 1', '  |     ^', '3 |'].join('\n'));
  });

  test('tabs are copied into the caret line so the carets stay aligned', () => {
    const s = src('\tlet x = y\n');
    expect(codeFrame(s, s.span(9, 10), { context: 0 })).toBe(['1 | \tlet x = y', '  | \t        ^'].join('\n'));
  });

  test('carets are placed by terminal columns: accents take one, wide characters and emoji two', () => {
    const s = src('# é 𝑥 🎥 片 clip\n');
    const start = s.text.indexOf('clip');
    expect(codeFrame(s, s.span(start, start + 4), { context: 0 })).toBe(['1 | # é 𝑥 🎥 片 clip', '  |' + ' '.repeat(13) + '^^^^'].join('\n'));
    const wide = s.text.indexOf('片');
    expect(codeFrame(s, s.span(wide, wide + 1), { context: 0 })).toBe(['1 | # é 𝑥 🎥 片 clip', '  |' + ' '.repeat(10) + '^^'].join('\n'));
  });

  test('CRLF line endings do not leak into the frame', () => {
    const s = src('let x = 1\r\nreturn y\r\n');
    const start = s.text.indexOf('y');
    expect(codeFrame(s, s.span(start, start + 1))).toBe(['1 | let x = 1', '2 | return y', '  |        ^', '3 |'].join('\n'));
  });

  test('control characters are shown escaped, and the carets stay under the span', () => {
    const s = src('x = "\u001b[2J" + y');
    const start = s.text.indexOf('y');
    expect(codeFrame(s, s.span(start, start + 1))).toBe(['1 | x = "\\e[2J" + y', '  |               ^'].join('\n'));
  });

  test('a very long line is shown as a window of 200 columns around the span, cut with ...', () => {
    const line = `const C = ${Array.from({ length: 4000 }, () => '1').join(' + ')}`;
    const s = src(`${line}\nconst D = 2\n`);
    const at = line.length - 1;
    const frame = codeFrame(s, s.span(at, at + 1), { context: 1 }).split('\n');
    expect(frame[0]).toBe(`1 | ...${line.slice(at - 60, at + 140)}`);
    expect(frame[1]).toBe(`  | ${' '.repeat(63)}^`);
    expect(frame[2]).toBe('2 | ...');
    const start = codeFrame(s, s.span(6, 7), { context: 0 }).split('\n');
    expect(start).toEqual([`1 | ${line.slice(0, 200)}...`, '  |       ^']);
    const across = codeFrame(s, s.span(6, line.length), { context: 0 }).split('\n');
    expect(across[1]).toBe(`  |       ${'^'.repeat(194)}`);
  });
});
