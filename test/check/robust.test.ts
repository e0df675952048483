/** No program crashes the checker: every example with each number and each name mutated still gets a verdict. */
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkText } from '../../compiler/check/check-program.js';
import { nodeHost } from '../../compiler/check/load-program.js';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples');

function mutations(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\b\d+\b/g)) {
    for (const r of ['0', '1', '3', '-1']) out.push(text.slice(0, m.index) + r + text.slice(m.index + m[0].length));
  }
  for (const m of text.matchAll(/\b(?:x|y|id|planes|stride|C|D|H|heads|fold|frames|relu|cls|as)\b/g)) {
    out.push(text.slice(0, m.index) + 'zz' + text.slice(m.index + m[0].length));
  }
  return out;
}

describe('robustness', () => {
  for (const file of readdirSync(EXAMPLES).filter((f) => /^(tsm_resnet50|timesformer_base|tsm_mobilenetv2_online)\.vnet$/.test(f))) {
    it(`${file}: every mutation is checked without throwing`, () => {
      const entry = path.join(EXAMPLES, file);
      const text = readFileSync(entry, 'utf8');
      let problems = 0;
      for (const mutated of mutations(text)) {
        const result = checkText(entry, mutated, { host: nodeHost });
        if (result.diagnostics.length > 0) problems++;
        for (const d of result.diagnostics) expect(d.message.length).toBeGreaterThan(0);
      }
      expect(problems).toBeGreaterThan(0);
    });
  }

  it('library files mutated the same way', () => {
    const lib = path.join(EXAMPLES, 'lib/resnet.vnet');
    const text = readFileSync(lib, 'utf8');
    const entry = path.join(EXAMPLES, 'tsm_resnet50.vnet');
    for (const mutated of mutations(text)) {
      const host = { readFile: (p: string) => (p === lib ? new TextEncoder().encode(mutated) : nodeHost.readFile(p)) };
      expect(() => checkText(entry, readFileSync(entry, 'utf8'), { host })).not.toThrow();
    }
  });
});

describe('limits stop runaway elaboration quickly', () => {
  it('a loop that would inline too much stops at the operation limit', () => {
    const started = performance.now();
    const result = checkText('main.vnet', 'network n(x: f32[N, 4]) {\n  for i in 0..99999 { x = x |> relu }\n  return x\n}\n', { host: nodeHost });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['VN226']);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
