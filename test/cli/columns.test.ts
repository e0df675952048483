/**
 * `vnetc check --columns chars|bytes|utf16` on a line with CJK text and an emoji before the mistake:
 * each unit is computed here from the line itself (code points, UTF-8 bytes, UTF-16 code units), not
 * by vnet's own conversion. Text, compact and github count characters by default; json and sarif keep
 * UTF-16 code units and say so (columnKind), and refuse --columns.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runVnetc, tempTree } from './helpers.js';

const LINE = '  return /* 视频 🎥 */ x |> linear(5) as fc';
const SOURCE = `network broken(x: f32[N, 8]) -> f32[N, 4] {\n${LINE}\n}\n`;

// Where the mistake (the returned value, from `x`) starts and ends, 1-based, in each unit.
const before = LINE.slice(0, LINE.indexOf('x |>'));
const after = LINE.slice(0, LINE.indexOf(' as fc') + ' as fc'.length);
const COLUMNS = {
  chars: { start: Array.from(before).length + 1, end: Array.from(after).length + 1 },
  bytes: { start: Buffer.byteLength(before, 'utf8') + 1, end: Buffer.byteLength(after, 'utf8') + 1 },
  utf16: { start: before.length + 1, end: after.length + 1 },
};

async function project(): Promise<string> {
  return tempTree({ 'net.vnet': SOURCE });
}

describe('vnetc check --columns', () => {
  it('the three units differ on this line (the test would not see a wrong unit otherwise)', () => {
    expect(COLUMNS).toEqual({ chars: { start: 21, end: 41 }, bytes: { start: 28, end: 48 }, utf16: { start: 22, end: 42 } });
  });

  it('text and compact print characters by default, as most compilers do', async () => {
    const dir = await project();
    const text = await runVnetc(['check', 'net.vnet'], dir);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(new RegExp(`^net\\.vnet:2:${COLUMNS.chars.start}: error VN310: `));
    const compact = await runVnetc(['check', '--format', 'compact', 'net.vnet'], dir);
    expect(compact.out.split('\n')[0]).toMatch(new RegExp(`^net\\.vnet:2:${COLUMNS.chars.start}: error VN310: `));
  });

  it.each(['chars', 'bytes', 'utf16'] as const)('--columns %s: text, compact and github count in that unit', async (unit) => {
    const dir = await project();
    const { start, end } = COLUMNS[unit];
    const text = await runVnetc(['check', '--columns', unit, 'net.vnet'], dir);
    expect(text.out).toMatch(new RegExp(`^net\\.vnet:2:${start}: error VN310: `));
    // The declared type is the related note's place: line 1 is ASCII, so every unit agrees there.
    expect(text.out).toContain('note: net.vnet:1:33: declared here');
    const compact = await runVnetc(['check', '--format', 'compact', '--columns', unit, 'net.vnet'], dir);
    expect(compact.out).toMatch(new RegExp(`^net\\.vnet:2:${start}: error VN310: `));
    const github = await runVnetc(['check', '--format', 'github', '--columns', unit, 'net.vnet'], dir);
    expect(github.out).toMatch(new RegExp(`^::error file=net\\.vnet,line=2,col=${start},endLine=2,endColumn=${end},title=VN310::`));
  });

  it('json and sarif keep UTF-16 code units and declare them; --columns with them is a usage error', async () => {
    const dir = await project();
    const json = JSON.parse((await runVnetc(['check', '--format', 'json', 'net.vnet'], dir)).out) as {
      columnKind: string;
      diagnostics: { column: number; endColumn: number }[];
    };
    expect(json.columnKind).toBe('utf16CodeUnits');
    expect(json.diagnostics[0]).toMatchObject({ column: COLUMNS.utf16.start, endColumn: COLUMNS.utf16.end });
    const sarif = JSON.parse((await runVnetc(['check', '--format', 'sarif', 'net.vnet'], dir)).out) as {
      runs: { columnKind: string; results: { locations: { physicalLocation: { region: { startColumn: number } } }[] }[] }[];
    };
    expect(sarif.runs[0]!.columnKind).toBe('utf16CodeUnits');
    expect(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startColumn).toBe(COLUMNS.utf16.start);
    for (const format of ['json', 'sarif']) {
      const refused = await runVnetc(['check', '--format', format, '--columns', 'bytes', 'net.vnet'], dir);
      expect(refused.code).toBe(2);
      expect(refused.out).toBe('');
      expect(refused.err).toBe(
        `vnetc check: --columns applies to the text, compact and github formats; ${format} columns always count UTF-16 code units (its columnKind)\n`,
      );
    }
  });

  it('an unknown unit is a usage error naming the choices', async () => {
    const dir = await project();
    const r = await runVnetc(['check', '--columns', 'graphemes', 'net.vnet'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain("error: option '--columns <unit>' argument 'graphemes' is invalid. Allowed choices are chars, bytes, utf16.");
  });

  it('the caret still sits under the mistake in a terminal (wide CJK and emoji take two cells)', async () => {
    const dir = await project();
    writeFileSync(path.join(dir, 'net.vnet'), SOURCE);
    const text = (await runVnetc(['check', '--columns', 'bytes', 'net.vnet'], dir)).out.split('\n');
    const caret = text.find((l) => l.includes('^'))!;
    // 9 ASCII cells, then '/* ' (3), 视频 (4), ' ' (1), 🎥 (2), ' */ ' (4): x sits at cell 23.
    const gutter = caret.indexOf('|') + 2;
    expect(caret.indexOf('^') - gutter).toBe(9 + 3 + 4 + 1 + 2 + 4);
  });
});
