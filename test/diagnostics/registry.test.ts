import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnosticsMarkdown } from '../../base/diagnostics/docs.js';
import { ALL_CODES, exitClassOf } from '../../base/diagnostics/registry.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * Codes no test produces yet, each with why: the list may only shrink (a code that a test starts
 * producing must leave it), and nothing else may be untested.
 */
const NOT_YET_PRODUCED_BY_A_TEST: Readonly<Record<string, string>> = {
  VN002: 'an unreadable (not missing) .vnet file; root reads files whatever their mode',
  VN229: 'a constant that is not a compile-time scalar; every such case is reported earlier by a more precise code',
  VN323: "an op's shape rule failing after its surface checks passed (an internal inconsistency)",
  VN405: 'a checkpoint tensor of an unsupported dtype bound to a parameter',
  VN411: 'a model over 2 GiB written without --external-data (needs a 2 GiB model)',
  VN412: 'a model over 2 GiB asked for in memory (needs a 2 GiB model)',
  VN476: 'a Triton repository folder that cannot be written',
  VN702: 'a video stream with zero frames',
  VN703: 'a video ffmpeg starts but fails to decode midway',
  VN704: "no ffmpeg install with ffprobe anywhere (the test machines have Debian's)",
  VN709: 'a model whose input does not fit the video preprocessing it declares',
  VN714: 'ffmpeg or ffprobe running past its time limit (20 s plus 1 s per 2 MB of video)',
};

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return name === 'fixtures' ? [] : testFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

describe('diagnostics registry', () => {
  it('every code is registered once, with a title and an exit class', () => {
    const codes = ALL_CODES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of ALL_CODES) {
      expect(c.code).toMatch(/^VN\d{3}$/);
      expect(c.title.length, c.code).toBeGreaterThan(0);
      expect(['usage', 'input'], c.code).toContain(c.exit);
    }
    expect(exitClassOf('VN004')).toBe('usage');
    expect(exitClassOf('VN305')).toBe('input');
  });

  it('docs/diagnostics.md is what the registry generates (npm run gen:diagnostics-doc)', () => {
    expect(readFileSync(join(ROOT, 'docs/diagnostics.md'), 'utf8')).toBe(diagnosticsMarkdown());
  });

  it('every code is produced by some test, except the few listed with their reason', () => {
    const text = testFiles(join(ROOT, 'test'))
      .filter((f) => !f.endsWith('registry.test.ts'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const untested = ALL_CODES.map((c) => c.code).filter((code) => !text.includes(code));
    expect(untested).toEqual(Object.keys(NOT_YET_PRODUCED_BY_A_TEST));
  });
});
