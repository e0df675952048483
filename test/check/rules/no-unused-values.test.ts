import { describe, it } from 'vitest';
import { expectDiagnostics } from '../helpers.js';

describe('rule: no-unused-values', () => {
  it('warns about a let nobody reads (a forgotten residual)', () => {
    expectDiagnostics('network n(x: f32[N, 4]) {\n  let id = x\n  let y = x |> relu\n  return y\n}\n', ['VN215 2:7']);
  });
  it('counts reads in nested bodies and in reassignments', () => {
    expectDiagnostics('network n(x: f32[N, 4]) {\n  let y = x\n  if true { y = y |> relu }\n  return y\n}\n', []);
  });
});
