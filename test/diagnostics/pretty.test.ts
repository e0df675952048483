import { describe, expect, test } from 'vitest';
import { formatPretty } from '../../base/diagnostics/formats/pretty.js';
import { DIAGNOSTICS, NET, SOURCES, spanOf } from './fixture.js';

describe('pretty format', () => {
  test('prints location, code frame with carets under the span, hint, and related notes', () => {
    expect(formatPretty(DIAGNOSTICS, SOURCES)).toBe(
      [
        'nets/tsm.vnet:3:27: error VN990: conv2d: kernel size must be positive, got 0',
        '  2 | block b(x: f32[B, C, H, W]) -> f32[B, C, H, W] {',
        '  3 |   let y = x |> conv2d(64, k=0)',
        '    |                           ^^^',
        '  4 |   return y',
        '  = hint: use k=1 for a pointwise convolution',
        '  note: nets/tsm.vnet:1:7: T is declared here',
        '    1 | const T = 8',
        '      |       ^',
        '',
        "nets/tsm.vnet:3:16: warning VN991: conv2d has no 'as' label; its weights get the generated name 'conv2d_1'",
        '  2 | block b(x: f32[B, C, H, W]) -> f32[B, C, H, W] {',
        '  3 |   let y = x |> conv2d(64, k=0)',
        '    |                ^^^^^^^^^^^^^^^',
        '  4 |   return y',
        '',
        "error VN003: bad --set 'T': expected NAME=VALUE (no '=')",
        '  = hint: write --set NAME=VALUE, e.g. --set T=16 or --set FOLD=1/4',
        '',
      ].join('\n'),
    );
  });

  test('no escape codes without colour; escape codes with it', () => {
    expect(formatPretty(DIAGNOSTICS, SOURCES, { color: false })).not.toContain('\u001b[');
    const coloured = formatPretty(DIAGNOSTICS, SOURCES, { color: true });
    expect(coloured).toContain('\u001b[31merror\u001b[39m');
    expect(coloured).toContain('\u001b[33mwarning\u001b[39m');
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(formatPretty(DIAGNOSTICS, SOURCES));
  });

  test('a diagnostic whose file is not among the sources prints without a frame', () => {
    const d = { code: 'VN990', severity: 'error' as const, message: 'boom', span: spanOf(NET, 1, 'T') };
    expect(formatPretty([d], new Map())).toBe('nets/tsm.vnet:1:7: error VN990: boom\n');
  });

  test('nothing to report prints nothing', () => {
    expect(formatPretty([], SOURCES)).toBe('');
  });
});
