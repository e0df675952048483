import { describe, expect, test } from 'vitest';
import { exitCodeFor } from '../../cli/exit-code.js';
import { formatInternalError } from '../../cli/internal-error.js';
import { report, summaryLine } from '../../cli/report.js';
import { countProblems } from '../../base/diagnostics/formats/format.js';
import { DIAGNOSTICS, SOURCES } from '../diagnostics/fixture.js';
import { captureContext } from './helpers.js';

const [kernel, label, badSet] = DIAGNOSTICS as [(typeof DIAGNOSTICS)[0], (typeof DIAGNOSTICS)[0], (typeof DIAGNOSTICS)[0]];
const summary = (ds: typeof DIAGNOSTICS, files: number) => summaryLine(ds, countProblems(ds), files);

describe('summary line', () => {
  test('counts errors and warnings and the files they are in', () => {
    expect(summary(DIAGNOSTICS, 3)).toBe('2 errors, 1 warning in 1 file');
    expect(summary([kernel], 3)).toBe('1 error in 1 file');
    expect(summary([label], 3)).toBe('1 warning in 1 file');
    expect(summary([badSet], 3)).toBe('1 error');
  });

  test('nothing found', () => {
    expect(summary([], 5)).toBe('checked 5 files: no problems');
    expect(summary([], 1)).toBe('checked 1 file: no problems');
  });
});

describe('report', () => {
  test('text: diagnostics, a blank line, the summary, all on stdout', () => {
    const { ctx, out, err } = captureContext('/repo');
    const counts = report([label], SOURCES, { format: 'text', fileCount: 2 }, ctx);
    expect(counts).toEqual({ errors: 0, warnings: 1 });
    expect(out()).toMatch(/^nets\/tsm\.vnet:3:16: warning VN991: .*\n[\s\S]*\n\n1 warning in 1 file\n$/);
    expect(err()).toBe('');
  });

  test('compact and github end with the summary line; json and sarif are pure documents', () => {
    for (const format of ['compact', 'github'] as const) {
      const { ctx, out } = captureContext('/repo');
      report([kernel], SOURCES, { format, fileCount: 1 }, ctx);
      expect(out().endsWith('\n1 error in 1 file\n')).toBe(true);
    }
    for (const format of ['json', 'sarif'] as const) {
      const { ctx, out } = captureContext('/repo');
      report([kernel], SOURCES, { format, fileCount: 1 }, ctx);
      expect(() => JSON.parse(out()) as unknown).not.toThrow();
    }
  });

  test('colour follows the context', () => {
    const plain = captureContext('/repo');
    report([kernel], SOURCES, { format: 'text', fileCount: 1 }, plain.ctx);
    expect(plain.out()).not.toContain('\u001b[');
    const coloured = captureContext('/repo', true);
    report([kernel], SOURCES, { format: 'text', fileCount: 1 }, coloured.ctx);
    expect(coloured.out()).toContain('\u001b[');
  });
});

describe('exit codes', () => {
  test('0 clean, 1 errors, warnings only with strict, 2 for usage and I/O errors', () => {
    expect(exitCodeFor([])).toBe(0);
    expect(exitCodeFor([label])).toBe(0);
    expect(exitCodeFor([label], true)).toBe(1);
    expect(exitCodeFor([kernel])).toBe(1);
    expect(exitCodeFor([kernel, badSet])).toBe(2);
    expect(exitCodeFor([{ code: 'VN001', severity: 'error', message: 'missing' }])).toBe(2);
  });
});

describe('internal errors', () => {
  test('one line, the stack only with --debug', () => {
    const error = new Error('unexpected IR node');
    expect(formatInternalError(error, false)).toBe('vnetc: internal error: unexpected IR node (please report it; rerun with --debug for the stack)\n');
    const debug = formatInternalError(error, true);
    expect(debug.split('\n')[0]).toBe('vnetc: internal error: unexpected IR node (please report it; rerun with --debug for the stack)');
    expect(debug).toContain('at ');
    expect(formatInternalError('thrown string', false)).toContain('internal error: thrown string (');
  });
});
