import { Source } from '../../base/source.js';
import type { Diagnostic } from '../../base/diagnostics/diagnostic.js';

/** A small file and a fixed set of diagnostics in it, shared by the formatter tests. */
export const NET = new Source(
  'nets/tsm.vnet',
  ['const T = 8', 'block b(x: f32[B, C, H, W]) -> f32[B, C, H, W] {', '  let y = x |> conv2d(64, k=0)', '  return y', '}', ''].join('\n'),
);

/** The span of the first occurrence of `needle` on 1-based `line` of `source`. */
export function spanOf(source: Source, line: number, needle: string) {
  const start = (source.lineStarts[line - 1] ?? 0) + source.lineText(line).indexOf(needle);
  return source.span(start, start + needle.length);
}

export const SOURCES = new Map([[NET.file, NET]]);

export const DIAGNOSTICS: Diagnostic[] = [
  {
    code: 'VN990',
    severity: 'error',
    message: 'conv2d: kernel size must be positive, got 0',
    span: spanOf(NET, 3, 'k=0'),
    hint: 'use k=1 for a pointwise convolution',
    related: [{ span: spanOf(NET, 1, 'T'), message: 'T is declared here' }],
  },
  {
    code: 'VN991',
    severity: 'warning',
    message: "conv2d has no 'as' label; its weights get the generated name 'conv2d_1'",
    span: spanOf(NET, 3, 'conv2d(64, k=0)'),
  },
  {
    code: 'VN003',
    severity: 'error',
    message: "bad --set 'T': expected NAME=VALUE (no '=')",
    hint: 'write --set NAME=VALUE, e.g. --set T=16 or --set FOLD=1/4',
  },
];
