/**
 * Conformance: each small .vnet in test/fixtures/conformance, compiled with the weights PyTorch used
 * (refs/make_conformance_fixtures.py, torchvision / official TimeSformer names), must give PyTorch's
 * eval-mode output on onnxruntime CPU within 1e-4 (absolute, or relative for values above 1).
 * BatchNorm statistics are random, two clips per batch catch a shift that leaks across clips.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFORMANCE, compileFile, errorsAndWarnings, loadNpy, maxScaledError, runCpu } from './harness.js';

const FIXTURES = [
  ['shift_both', 'the bi-directional shift alone: channel order, fold = C // 8, zeros at the clip ends'],
  ['shift_past', 'the past-only shift alone'],
  ['tsn_tiny', 'TSN: tiny ResNet, no shift, average consensus'],
  ['tsm_tiny', 'TSM: residual bi-directional shift (fold 1/8) in every bottleneck'],
  ['tsm_tiny_online', 'TSM: residual past-only shift in every bottleneck'],
  ['tsm_tiny_inplace', 'TSM: in-place shift before every bottleneck'],
  ['tsm_tiny_mobilenetv2', 'TSM: MobileNetV2 inverted residuals with the past-only shift'],
  ['timesformer_tiny', 'TimeSformer: divided space-time attention'],
] as const;

const TOLERANCE = 1e-4;
/**
 * Both lowerings (portable: standard ONNX only; ort-cpu: tuned for onnxruntime's CPU provider), each
 * without passes (-O0) and with all of them (-O2: batchnorm folding, shift fused into the next conv, ...),
 * the IR verified after every pass.
 */
const CONFIGS = [
  { target: 'portable', level: 0 },
  { target: 'portable', level: 2 },
  { target: 'ort-cpu', level: 0 },
  { target: 'ort-cpu', level: 2 },
] as const;

describe('conformance with the PyTorch references', () => {
  for (const [name, what] of FIXTURES) {
    for (const { target, level } of CONFIGS) {
      it(`${name} (${target} -O${level}): ${what}`, async () => {
        const dir = path.join(CONFORMANCE, name);
        const weights = path.join(dir, 'weights.safetensors');
        const result = await compileFile(path.join(CONFORMANCE, `${name}.vnet`), {
          ...(existsSync(weights) ? { weights } : {}),
          target,
          level,
          verify: true,
        });
        expect(errorsAndWarnings(result.diagnostics)).toEqual([]);
        expect(result.bytes).toBeDefined();
        const input = await loadNpy(path.join(dir, 'input.npy'));
        const expected = await loadNpy(path.join(dir, 'expected.npy'));
        const out = await runCpu(result.bytes as Uint8Array, [input]);
        expect(out.dims).toEqual(expected.dims);
        expect(maxScaledError(out.data, expected.data)).toBeLessThanOrEqual(TOLERANCE);
      });
    }
  }
});
