/** Signatures as the checker writes them, each parameter's place in the label, and the active one. */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../lsp/analysis.js';
import { activeParameter, signatureOf } from '../../lsp/signatures.js';

const src = 'block b(x: f32[B, C, H, W], planes: int, stride: int = 1) -> f32[B, C, H, W] {\n  return x\n}\n';
const scope = analyze('m.vnet', src, { readFile: () => undefined }).scopes.get('m.vnet');

describe('signatureOf', () => {
  it('a block: parameters split at top-level commas (not those inside a tensor type)', () => {
    const sig = signatureOf('b', scope);
    expect(sig?.params.map((p) => sig.label.slice(p.at[0], p.at[1]))).toEqual(['x: f32[B, C, H, W]', 'planes: int', 'stride: int = 1']);
    expect(sig?.pipeSlot).toBe(0);
  });

  it('an operation: its arguments (the piped input is not one)', () => {
    const sig = signatureOf('maxpool', scope);
    expect(sig?.label).toBe('maxpool(k, stride=k, pad=0)');
    expect(sig?.params.map((p) => p.name)).toEqual(['k', 'stride', 'pad']);
  });

  it('the active parameter: by keyword, else by position, skipping the piped one in a stage', () => {
    const sig = signatureOf('b', scope)!;
    expect(activeParameter(sig, 0, undefined, true)).toBe(1);
    expect(activeParameter(sig, 0, undefined, false)).toBe(0);
    expect(activeParameter(sig, 1, 'stride', true)).toBe(2);
  });
});
