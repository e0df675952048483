/** While the file does not parse, the last parsed analysis lends its shapes, moved past the edit. */
import { describe, expect, it } from 'vitest';
import { shapeToString } from '../../compiler/ir/dim.js';
import { analyze } from '../../lsp/analysis.js';
import { carryShapes } from '../../lsp/carry-shapes.js';

const host = { readFile: () => undefined };
const good = 'network n(x: f32[N, 3, 8, 8]) -> f32[N, 4, 8, 8] {\n  return x\n    |> conv2d(4, k=1) as a\n    |> relu\n}\n';

function shapesAt(text: string, analysis: ReturnType<typeof analyze>): string[] {
  return (analysis.observed.get('m.vnet') ?? [])
    .filter((o) => o.kind === 'call')
    .map((o) => `${text.slice(o.span.start, o.span.end)} ${shapeToString(o.value.shape)}`);
}

describe('carryShapes', () => {
  it('moves the shapes after the edit by its length and drops those inside it', () => {
    const before = analyze('m.vnet', good, host);
    const typing = good.replace('    |> relu', '    |> conv2d(\n    |> relu');
    const broken = analyze('m.vnet', typing, host);
    expect(broken.result.program.broken).toBe(true);
    expect(shapesAt(typing, broken)).toEqual([]);
    expect(shapesAt(typing, carryShapes(broken, before))).toEqual(['conv2d(4, k=1) as a [N, 4, 8, 8]', 'relu [N, 4, 8, 8]']);
  });

  it('drops a shape whose text was edited', () => {
    const before = analyze('m.vnet', good, host);
    const typing = good.replace('k=1) as a', 'k=1,,) as a');
    const carried = carryShapes(analyze('m.vnet', typing, host), before);
    expect(shapesAt(typing, carried)).toEqual(['relu [N, 4, 8, 8]']);
  });

  it('keeps a shape when text is added right after it', () => {
    const before = analyze('m.vnet', good, host);
    const typing = good.replace('k=1) as a', 'k=1) as a(');
    expect(shapesAt(typing, carryShapes(analyze('m.vnet', typing, host), before))).toEqual(['conv2d(4, k=1) as a [N, 4, 8, 8]', 'relu [N, 4, 8, 8]']);
  });
});
