import { describe, expect, test } from 'vitest';
import { escapeData, escapeProperty, formatGithub } from '../../base/diagnostics/formats/github.js';
import { Source } from '../../base/source.js';
import { DIAGNOSTICS, SOURCES } from './fixture.js';

describe('github annotations', () => {
  test('errors, warnings; hint and notes on escaped new lines; no location when there is no span', () => {
    expect(formatGithub(DIAGNOSTICS, SOURCES, { cwd: '/repo' })).toBe(
      [
        '::error file=nets/tsm.vnet,line=3,col=27,endLine=3,endColumn=30,title=VN990::conv2d: kernel size must be positive, got 0%0Ahint: use k=1 for a pointwise convolution%0Anote: nets/tsm.vnet:1:7: T is declared here',
        "::warning file=nets/tsm.vnet,line=3,col=16,endLine=3,endColumn=31,title=VN991::conv2d has no 'as' label; its weights get the generated name 'conv2d_1'",
        "::error title=VN003::bad --set 'T': expected NAME=VALUE (no '=')%0Ahint: write --set NAME=VALUE, e.g. --set T=16 or --set FOLD=1/4",
        '',
      ].join('\n'),
    );
  });

  test('escaping follows @actions/core: %, CR, LF in data; also : and , in properties', () => {
    expect(escapeData('100% a\r\nb: c, d')).toBe('100%25 a%0D%0Ab: c, d');
    expect(escapeProperty('a:b,c%d\n')).toBe('a%3Ab%2Cc%25d%0A');
  });

  test('paths are made relative to cwd; property values are escaped', () => {
    const s = new Source('/repo/odd, dir/a:b.vnet', 'let x = 1\n');
    const d = { code: 'VN990', severity: 'warning' as const, message: '50% done', span: s.span(4, 5) };
    expect(formatGithub([d], new Map(), { cwd: '/repo' })).toBe(
      '::warning file=odd%2C dir/a%3Ab.vnet,line=1,col=5,endLine=1,endColumn=6,title=VN990::50%25 done\n',
    );
  });

  test('a span over several lines gives line and endLine only, notes become ::notice', () => {
    const s = new Source('a.vnet', 'x = f(1,\n  2)\n');
    const d = { code: 'VN990', severity: 'note' as const, message: 'm', span: s.span(4, 12) };
    expect(formatGithub([d], new Map(), { cwd: '.' })).toBe('::notice file=a.vnet,line=1,endLine=2,title=VN990::m\n');
  });
});
