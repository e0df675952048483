import { describe, expect, it } from 'vitest';
import { explainOnce } from '../../compiler/passes/explain-once.js';
import type { ExplainNote } from '../../compiler/passes/pass.js';

const span = { file: '/p/net.vnet', start: 10, end: 20, line: 2, column: 3, endLine: 2, endColumn: 13 };

describe('explainOnce', () => {
  it('passes each note on once; notes that differ in anything, place included, all pass', () => {
    const got: ExplainNote[] = [];
    const explain = explainOnce((n) => got.push(n));
    const note: ExplainNote = { pass: 'ort-cpu-layout', site: 'layer1.0.shift_0', fired: false, reason: 'needs the plain layout', span };
    explain(note);
    explain({ ...note });
    explain({ ...note, fired: true });
    explain({ ...note, reason: 'other' });
    explain({ ...note, site: 'layer1.1.shift_0' });
    explain({ ...note, span: { ...span, start: 30, end: 40 } });
    const { span: _, ...unplaced } = note;
    explain(unplaced);
    explain(unplaced);
    expect(got).toHaveLength(6);
    expect(got[0]).toBe(note);
  });
});
