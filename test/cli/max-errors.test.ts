import { describe, expect, it } from 'vitest';
import { runVnetc, tempTree } from './helpers.js';

/** `n` constants that each redefine `A`: n - 1 errors VN203 in one file. */
function redefinitions(n: number): string {
  return Array.from({ length: n }, (_, i) => `const A = ${i}\n`).join('');
}

describe('vnetc check: errors per file', () => {
  it('text and compact show 100 errors per file, then how many more', async () => {
    const root = await tempTree({ 'many.vnet': redefinitions(106) });
    const { code, out } = await runVnetc(['check', '--format', 'compact', 'many.vnet'], root);
    expect(code).toBe(1);
    const lines = out.trimEnd().split('\n');
    expect(lines.filter((l) => l.includes('error VN203'))).toHaveLength(100);
    expect(lines.slice(-2)).toEqual(['... and 5 more errors in this file', '105 errors in 1 file']);
    const text = await runVnetc(['check', 'many.vnet'], root);
    expect(text.out.match(/error VN203/g)).toHaveLength(100);
    expect(text.out).toMatch(/\n\n\.\.\. and 5 more errors in this file\n\n105 errors in 1 file\n$/);
  });

  it('--max-errors changes the limit; 0 shows all', async () => {
    const root = await tempTree({ 'many.vnet': redefinitions(4), 'few.vnet': redefinitions(2) });
    const two = await runVnetc(['check', '--format', 'compact', '--max-errors', '1', 'many.vnet', 'few.vnet'], root);
    expect(two.out).toBe(
      [
        "few.vnet:2:7: error VN203: 'A' is already defined (a top-level definition)",
        "many.vnet:2:7: error VN203: 'A' is already defined (a top-level definition)",
        '... and 2 more errors in this file',
        '4 errors in 2 files',
        '',
      ].join('\n'),
    );
    const all = await runVnetc(['check', '--format', 'compact', '--max-errors', '0', 'many.vnet'], root);
    expect(all.out.match(/error VN203/g)).toHaveLength(3);
    expect(all.out).not.toContain('more error');
  });

  it('json keeps every diagnostic', async () => {
    const root = await tempTree({ 'many.vnet': redefinitions(150) });
    const { out } = await runVnetc(['check', '--format', 'json', 'many.vnet'], root);
    expect(JSON.parse(out).diagnostics).toHaveLength(149);
  });

  it('--max-errors takes a whole number', async () => {
    const root = await tempTree({ 'a.vnet': 'const A = 1\n' });
    const { code, err } = await runVnetc(['check', '--max-errors', '-1', 'a.vnet'], root);
    expect(code).toBe(2);
    expect(err).toContain("expected a whole number from 0 up, got '-1'");
  });
});
