import { describe, it } from 'vitest';
import { expectDiagnostics } from '../helpers.js';

describe('rule: no-unused-blocks', () => {
  it('warns in a file with a network', () => {
    expectDiagnostics('block b(x: f32[B, D]) {\n  return x\n}\nnetwork n(x: f32[N, 4]) {\n  return x\n}\n', ['VN216 1:7']);
  });
  it('leaves library files (no network) alone', () => {
    expectDiagnostics('block b(x: f32[B, D]) {\n  return x\n}\n', []);
  });
});
