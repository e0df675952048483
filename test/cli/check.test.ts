import { describe, expect, test } from 'vitest';
import { runCheck, type CheckOptions } from '../../cli/commands/check.js';
import { captureContext, tempTree } from './helpers.js';

const GOOD = 'const T = 8\n';
const BAD = 'const T = = 8\n';

async function check(root: string, paths: string[], more: Partial<CheckOptions> = {}) {
  const { ctx, out, err } = captureContext(root);
  const code = await runCheck({ paths, format: 'text', strict: false, set: [], ...more }, ctx);
  return { code, out: out(), err: err() };
}

describe('vnetc check', () => {
  test('a directory of clean files: exit 0 and one summary line', async () => {
    const root = await tempTree({ 'nets/a.vnet': GOOD, 'nets/sub/b.vnet': GOOD, 'nets/readme.md': BAD });
    expect(await check(root, ['nets'])).toEqual({ code: 0, out: 'checked 2 files: no problems\n', err: '' });
  });

  test('a syntax error: located diagnostic with a code frame, summary, exit 1', async () => {
    const root = await tempTree({ 'a.vnet': GOOD, 'bad.vnet': BAD });
    const { code, out } = await check(root, ['.']);
    expect(code).toBe(1);
    expect(out).toMatch(/^bad\.vnet:1:\d+: error VN1\d\d: /);
    expect(out).toContain('1 | const T = = 8\n');
    expect(out).toMatch(/\n {4}\| +\^+\n/);
    expect(out).toMatch(/\n\n\d+ errors? in 1 file\n$/);
  });

  test('a missing file is VN001 and exit 2; the other files are still checked', async () => {
    const root = await tempTree({ 'bad.vnet': BAD });
    const { code, out } = await check(root, ['missing.vnet', 'bad.vnet'], { format: 'compact' });
    expect(code).toBe(2);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe("error VN001: cannot read 'missing.vnet': no such file or directory");
    expect(lines[1]).toMatch(/^bad\.vnet:1:\d+: error VN1\d\d: /);
  });

  test('a bad --set is VN003 and exit 2', async () => {
    const root = await tempTree({ 'a.vnet': GOOD });
    const { code, out } = await check(root, ['a.vnet'], { set: ['T=16', 'FOLD'] });
    expect(code).toBe(2);
    expect(out).toBe(
      [
        "error VN003: bad --set 'FOLD': expected NAME=VALUE (no '=')",
        '  = hint: write --set NAME=VALUE, e.g. --set T=16 or --set FOLD=1/4',
        '',
        '1 error',
        '',
      ].join('\n'),
    );
  });

  test('a file that is not UTF-8 is reported, not thrown', async () => {
    const root = await tempTree({ 'bin.vnet': new Uint8Array([0x63, 0xff, 0xfe, 0x0a]) });
    const { code, out } = await check(root, ['bin.vnet'], { format: 'compact' });
    expect(code).toBe(1);
    expect(out).toContain('VN005');
  });

  test('--format json prints one document and nothing else', async () => {
    const root = await tempTree({ 'bad.vnet': BAD, 'good.vnet': GOOD });
    const { code, out } = await check(root, ['.'], { format: 'json' });
    expect(code).toBe(1);
    const report = JSON.parse(out) as { version: number; diagnostics: { file: string; code: string }[]; summary: { errors: number } };
    expect(report.version).toBe(1);
    expect(report.diagnostics.every((d) => d.file === 'bad.vnet' && d.code.startsWith('VN1'))).toBe(true);
    expect(report.summary.errors).toBe(report.diagnostics.length);
  });

  test('--format sarif and github name the file relative to cwd', async () => {
    const root = await tempTree({ 'nets/bad.vnet': BAD });
    const sarif = await check(root, ['nets'], { format: 'sarif' });
    expect(sarif.out).toContain('"uri": "nets/bad.vnet"');
    const github = await check(root, ['nets'], { format: 'github' });
    expect(github.out).toMatch(/^::error file=nets\/bad\.vnet,line=1,/);
  });
});
