import { describe, it } from 'vitest';
import { expectDiagnostics } from '../helpers.js';

describe('rule: unlabeled-parameters', () => {
  it('warns at an op with parameters and no `as`', () => {
    expectDiagnostics('network n(x: f32[N, 4, 8, 8]) {\n  return x |> conv2d(4, k=1) |> batchnorm as bn\n}\n', ['VN220 2:15']);
  });
  it('does not warn for ops without parameters', () => {
    expectDiagnostics('network n(x: f32[N, 4, 8, 8]) {\n  return x |> relu |> maxpool(2)\n}\n', []);
  });
});
