/**
 * Long chains given to the real executable: `1 + 1 + ...` of 4,000 terms (and of every other binary
 * operator), tensor sums, pipelines, nested parentheses, constants that wait on one another, imports
 * that chain. Each is checked (and formatted) within the hostile suite's bounds or refused with one
 * diagnostic that names the place; never "internal error: Maximum call stack size exceeded".
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT, LIMIT_KB, LIMIT_MS, type Ran, expectRefused, removeSandboxes, sandbox, snapshot, vnetc } from './harness.js';

afterAll(removeSandboxes);

const TERMS = 4000;
const chain = (op: string, term = '1', n = TERMS): string => Array.from({ length: n }, () => term).join(` ${op} `);

/** What a long but valid input keeps: done within 10 s and 1 GB, exit 0, no internal error. */
function expectHeld(ran: Ran): void {
  expect(ran.ms, 'ends within 10 s').toBeLessThan(LIMIT_MS);
  if (ran.maxRssKb !== undefined) expect(ran.maxRssKb, 'stays under 1 GB').toBeLessThan(LIMIT_KB);
  expect(ran.code, `${ran.stdout}\n${ran.stderr}`).toBe(0);
  expect(`${ran.stdout}${ran.stderr}`).not.toMatch(/internal error|Maximum call stack/);
}

describe.skipIf(!BUILT)('long binary chains are checked without a stack overflow', () => {
  it('const C = 1 + 1 + ... of 4,000 terms checks, and has the value 4,000', () => {
    const sb = sandbox({ 'a.vnet': `const C = ${chain('+')}\nnetwork n(x: f32[1, C]) {\n  return x |> relu\n}\n` });
    const before = snapshot(sb.outside);
    expectHeld(vnetc(sb, ['check', 'a.vnet']));
    const summary = vnetc(sb, ['summary', 'a.vnet']);
    expectHeld(summary);
    expect(summary.stdout.split('\n')[0]).toBe('network n(x: [1, 4000])');
    expect(snapshot(sb.outside)).toEqual(before);
  });

  it('chains of every other binary operator, and of mixed precedence, evaluate as Python does', () => {
    const consts = [
      `const S = 4002 - ${chain('-')}`, // 4002 - 4000 = 2
      `const P = 3 * ${chain('*')}`,
      `const Q = 81 // ${chain('//')}`,
      `const R = 17 % ${chain('%', '1000')}`,
      `const M = ${chain('+', '2 * 3 - 5')}`, // ((2 * 3 - 5) + 2 * 3 - 5) ... = 4000
      `const T = ${chain('&&', 'true')}`,
      `const F = ${chain('||', 'false')}`,
      `const E = ${chain('==', 'true')}`,
    ];
    const body = '  let y = x\n  if T && !F && E {\n    y = x |> relu\n  }\n  return y\n';
    const sb = sandbox({ 'a.vnet': `${consts.join('\n')}\nnetwork n(x: f32[S, P, Q, R, M]) {\n${body}}\n` });
    const ran = vnetc(sb, ['summary', 'a.vnet']);
    expectHeld(ran);
    expect(ran.stdout.split('\n')[0]).toBe('network n(x: [2, 3, 81, 17, 4000])');
    expect(ran.stdout).toMatch(/^relu_0 +relu/m);
  });

  it('a tensor sum of 4,000 terms and a pipeline of 4,000 stages check', () => {
    const sb = sandbox({ 'a.vnet': `network n(x: f32[1, 4]) {\n  let y = ${chain('+', 'x')}\n  return y${' |> relu'.repeat(TERMS)}\n}\n` });
    const ran = vnetc(sb, ['summary', 'a.vnet']);
    expectHeld(ran);
    const layers = ran.stdout.split('\n').filter((l) => /^(add|relu)_\d+ /.test(l));
    expect(layers).toHaveLength(2 * TERMS - 1);
  });

  it('fmt writes the canonical text of a 4,000-term chain and a 4,000-stage pipeline, and checks it again', () => {
    // A pipeline too long for one line gets one stage per line.
    const canonical = `const C = ${chain('+')}\n\nnetwork n(x: f32[1, C]) {\n  return x\n${'    |> relu\n'.repeat(TERMS)}}\n`;
    const sb = sandbox({ 'a.vnet': canonical.replace(/ \+ /g, '+').replace(/\n +\|> /g, '|>') });
    const before = snapshot(sb.outside);
    expectHeld(vnetc(sb, ['fmt', 'a.vnet']));
    expect(readFileSync(path.join(sb.work, 'a.vnet'), 'utf8')).toBe(canonical);
    expectHeld(vnetc(sb, ['fmt', '--check', 'a.vnet']));
    expectHeld(vnetc(sb, ['check', 'a.vnet']));
    expect(snapshot(sb.outside)).toEqual(before);
  });
});

describe.skipIf(!BUILT)('what would still be too deep or too large is one diagnostic at its place', () => {
  it('4,000 nested parentheses: VN109 at the first level too deep', () => {
    const sb = sandbox({ 'a.vnet': `const C = ${'('.repeat(TERMS)}1${')'.repeat(TERMS)}\n` });
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['check', '--format', 'compact', 'a.vnet']), sb, before, [1])).toBe(
      'a.vnet:1:139: error VN109: nesting deeper than 128 levels',
    );
    expect(expectRefused(vnetc(sb, ['fmt', 'a.vnet']), sb, before, [1])).toMatch(/^a\.vnet:1:139: error VN109/);
  });

  it('16 MiB of `1+1+...`: VN020 before the lexer runs, at the token past the limit', () => {
    const sb = sandbox({ 'a.vnet': `const C = ${'1+'.repeat(8 * 1024 * 1024 - 10)}1\n` });
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['check', '--format', 'compact', 'a.vnet']), sb, before, [1])).toBe(
      "a.vnet:1:500008: error VN020: 'a.vnet' has more than 500000 tokens (words and symbols, comments included); the limit for a .vnet file is 500000",
    );
    const text = vnetc(sb, ['check', 'a.vnet']);
    expect(text.stdout.length, 'the code frame shows a window of the 16 MiB line').toBeLessThan(2000);
  });

  it('4,000 constants that each wait on the next: VN226 at the constant past the limit', () => {
    const lines = Array.from({ length: TERMS }, (_, i) => `const C${i} = C${i + 1} + 1`);
    const sb = sandbox({ 'a.vnet': `${lines.join('\n')}\nconst C${TERMS} = 1\nnetwork n(x: f32[1, C0]) {\n  return x |> relu\n}\n` });
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['check', '--format', 'compact', 'a.vnet']), sb, before, [1])).toBe(
      "a.vnet:201:7: error VN226: the chain of constants that 'C0' waits on (here at 'C200') exceeds the limit of 200",
    );
  });

  it('limits that each hold but nest together (199 waiting constants of 120 prefix operators): VN230', () => {
    const minus = '-'.repeat(120);
    const lines = Array.from({ length: 199 }, (_, i) => `const C${i} = ${minus}C${i + 1}`);
    const sb = sandbox({ 'a.vnet': `${lines.join('\n')}\nconst C199 = 1\nnetwork n(x: f32[1, C0]) {\n  return x |> relu\n}\n` });
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['check', '--format', 'compact', 'a.vnet']), sb, before, [1])).toBe(
      "error VN230: cannot check 'a.vnet': it nests too deeply (the checker ran out of stack)",
    );
  });

  it('a chain of 5,000 imports: VN226 at the import past 1,000 files', () => {
    const files: Record<string, string> = { 'a.vnet': `import "f0.vnet"\nnetwork n(x: f32[1, 4]) {\n  return x |> relu\n}\n` };
    for (let i = 0; i < 5000; i++) files[`f${i}.vnet`] = `import "f${i + 1}.vnet"\nconst C${i} = ${i}\n`;
    const sb = sandbox(files);
    writeFileSync(path.join(sb.work, 'f5000.vnet'), 'const LAST = 1\n');
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['check', '--format', 'compact', 'a.vnet']), sb, before, [1])).toBe(
      'f998.vnet:1:8: error VN226: the number of files this program imports exceeds the limit of 1000',
    );
  });
});
