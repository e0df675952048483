import { describe, it } from 'vitest';
import { expectDiagnostics } from '../helpers.js';

describe('rule: no-unused-constants', () => {
  it('warns in a file with a network', () => {
    expectDiagnostics('const K = 3\nnetwork n(x: f32[N, 4]) {\n  return x\n}\n', ['VN217 1:7']);
  });
  it('counts uses in types, labels and other constants', () => {
    expectDiagnostics('const A = 2\nconst B = A * 2\nnetwork n(x: f32[N, B]) {\n  return x |> linear(4) as fc[A]\n}\n', []);
  });
});
