import { describe, it } from 'vitest';
import { expectDiagnostics } from '../helpers.js';

describe('rule: return-last', () => {
  it('accepts one return at the end', () => {
    expectDiagnostics('network n(x: f32[N, 4]) {\n  return x\n}\n', []);
  });
  it('reports a body without return at its name', () => {
    expectDiagnostics('block b(x: f32[B, D]) {\n  x = x |> relu\n}\nnetwork n(x: f32[N, 4]) {\n  return x |> b\n}\n', ['VN218 1:7']);
  });
  it('reports a return inside a loop', () => {
    expectDiagnostics('network n(x: f32[N, 4]) {\n  for i in 0..2 { return x }\n  return x\n}\n', ['VN219 2:19']);
  });
});
