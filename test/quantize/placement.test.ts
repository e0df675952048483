/**
 * Where the quantization sits, seen as onnxruntime runs the model: every convolution a QLinearConv
 * (none left float next to a shift), each shift one more QLinearConv on the uint8 data (depthwise,
 * one-hot taps along time), no layout transposes around it (the two left are the model's input and
 * output), the residual sums QLinearAdds.
 */
import { describe, expect, it } from 'vitest';
import { asOrtRunsIt, compileMotionInt8, opCounts } from './helpers.js';

describe('int8 QDQ placement (onnxruntime CPU, optimized)', () => {
  it('TSM: every Conv becomes QLinearConv, the shifts add no Transposes', async () => {
    const result = await compileMotionInt8('tsm_motion');
    expect(result.diagnostics).toEqual([]);
    const counts = opCounts(await asOrtRunsIt(result.bytes as Uint8Array));
    const convs = result.graph?.nodes.filter((n) => n.op === 'conv').length;
    const shifts = result.graph?.nodes.filter((n) => n.op === 'shift').length;
    expect([convs, shifts]).toEqual([9, 2]);
    expect(counts['com.microsoft:QLinearConv']).toBe(9 + 2);
    expect((counts['Conv'] ?? 0) + (counts['com.microsoft.nchwc:Conv'] ?? 0)).toBe(0);
    expect(counts['com.microsoft:QLinearAdd']).toBe(2);
    expect(counts['com.microsoft:QLinearGlobalAveragePool']).toBe(1);
    expect(counts['com.microsoft:QGemm']).toBe(1);
    // TSN's count: NCHW -> NHWC at the input, back before the pooled features; the shifts add none.
    expect(counts['Transpose']).toBe(2);
    // The shift runs on uint8: no Pad, Slice or Concat copies, no DequantizeLinear in front of anything.
    expect([counts['Pad'], counts['Slice'], counts['Concat']]).toEqual([undefined, undefined, undefined]);
    expect(counts['DequantizeLinear'] ?? 0).toBeLessThanOrEqual(1);
  });

  it('TSN and TSM fuse to the same kernels; TSM adds only the shifts', async () => {
    const [tsn, tsm] = await Promise.all([compileMotionInt8('tsn_motion'), compileMotionInt8('tsm_motion')]);
    const a = opCounts(await asOrtRunsIt(tsn.bytes as Uint8Array));
    const b = opCounts(await asOrtRunsIt(tsm.bytes as Uint8Array));
    const kernels = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).filter(([k]) => k.startsWith('com.microsoft:') || k === 'Transpose'));
    const shifts = { 'com.microsoft:QLinearConv': (a['com.microsoft:QLinearConv'] ?? 0) + 2 };
    expect(kernels(b)).toEqual({ ...kernels(a), ...shifts });
  });

  it('--keep-float leaves exactly the named layers float', async () => {
    const result = await compileMotionInt8('tsm_motion', { keepFloat: ['layer2.0.conv2', 'fc'] });
    expect(result.diagnostics).toEqual([]);
    const counts = opCounts(await asOrtRunsIt(result.bytes as Uint8Array));
    expect(counts['com.microsoft:QLinearConv']).toBe(8 + 2);
    // Float convolutions run in onnxruntime's blocked float layout (NCHWc); the float weights stay float.
    expect((counts['Conv'] ?? 0) + (counts['com.microsoft.nchwc:Conv'] ?? 0)).toBe(1);
    expect(counts['Gemm']).toBe(1);
    expect(counts['com.microsoft:QGemm'] ?? 0).toBe(0);
    const note = result.notes.find((n) => n.pass === 'int8' && n.site === 'layer2.0.conv2');
    expect(note).toMatchObject({ fired: false, reason: 'kept float (--keep-float layer2.0.conv2)' });
  });
});
