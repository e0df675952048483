import { expect, test } from 'vitest';
import { formatJson } from '../../base/diagnostics/formats/json.js';
import { DIAGNOSTICS, SOURCES } from './fixture.js';

test('json: version 1 schema with 1-based locations, nulls for no place, and a summary', () => {
  const report: unknown = JSON.parse(formatJson(DIAGNOSTICS, SOURCES));
  expect(report).toEqual({
    version: 1,
    columnKind: 'utf16CodeUnits',
    diagnostics: [
      {
        file: 'nets/tsm.vnet',
        line: 3,
        column: 27,
        endLine: 3,
        endColumn: 30,
        code: 'VN990',
        severity: 'error',
        message: 'conv2d: kernel size must be positive, got 0',
        hint: 'use k=1 for a pointwise convolution',
        related: [{ file: 'nets/tsm.vnet', line: 1, column: 7, endLine: 1, endColumn: 8, message: 'T is declared here' }],
      },
      {
        file: 'nets/tsm.vnet',
        line: 3,
        column: 16,
        endLine: 3,
        endColumn: 31,
        code: 'VN991',
        severity: 'warning',
        message: "conv2d has no 'as' label; its weights get the generated name 'conv2d_1'",
        related: [],
      },
      {
        file: null,
        line: null,
        column: null,
        endLine: null,
        endColumn: null,
        code: 'VN003',
        severity: 'error',
        message: "bad --set 'T': expected NAME=VALUE (no '=')",
        hint: 'write --set NAME=VALUE, e.g. --set T=16 or --set FOLD=1/4',
        related: [],
      },
    ],
    summary: { errors: 2, warnings: 1 },
  });
});

test('json: key order is stable (file, line, column, ..., code, severity, message)', () => {
  const text = formatJson(DIAGNOSTICS.slice(1, 2), SOURCES);
  expect(Object.keys((JSON.parse(text) as { diagnostics: object[] }).diagnostics[0]!)).toEqual([
    'file',
    'line',
    'column',
    'endLine',
    'endColumn',
    'code',
    'severity',
    'message',
    'related',
  ]);
  expect(text.endsWith('}\n')).toBe(true);
});

test('json: no diagnostics', () => {
  expect(JSON.parse(formatJson([], SOURCES))).toEqual({ version: 1, columnKind: 'utf16CodeUnits', diagnostics: [], summary: { errors: 0, warnings: 0 } });
});
