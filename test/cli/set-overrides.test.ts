import { expect, test } from 'vitest';
import { parseSetOverrides } from '../../compiler/set-overrides.js';

test('--set NAME=VALUE pairs, values kept as text (the checker parses them)', () => {
  const { overrides, diagnostics } = parseSetOverrides(['T=16', 'FOLD = 1/4', 'ATTN=divided', 'EQ=a==b']);
  expect({ ...overrides }).toEqual({ T: '16', FOLD: '1/4', ATTN: 'divided', EQ: 'a==b' });
  expect(diagnostics).toEqual([]);
});

test('malformed --set gives VN003 with the reason and a hint', () => {
  const { overrides, diagnostics } = parseSetOverrides(['T', '=3', '1T=3', 'T=', 'N=1', 'N=2']);
  expect({ ...overrides }).toEqual({ N: '1' });
  expect(diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
    ['VN003', 'error', "bad --set 'T': expected NAME=VALUE (no '=')"],
    ['VN003', 'error', "bad --set '=3': the name before = is empty"],
    ['VN003', 'error', "bad --set '1T=3': '1T' is not a constant name"],
    ['VN003', 'error', "bad --set 'T=': no value after 'T='"],
    ['VN003', 'error', "bad --set 'N=2': 'N' is set twice"],
  ]);
  expect(diagnostics[0]?.hint).toBe('write --set NAME=VALUE, e.g. --set T=16 or --set FOLD=1/4');
  expect(diagnostics[0]?.span).toBeUndefined();
});

test('a constant may be called __proto__', () => {
  const { overrides } = parseSetOverrides(['__proto__=1']);
  expect(Object.keys(overrides)).toEqual(['__proto__']);
  // biome-ignore lint/suspicious/noProto: the test checks that a key named __proto__ is kept as plain data
  expect(overrides['__proto__']).toBe('1');
});
