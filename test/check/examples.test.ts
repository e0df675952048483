/** Every example checks clean, verifies, and the ResNet-50 family has torchvision's parameter count. */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkProgram } from '../../compiler/check/check-program.js';
import { verifyGraph } from '../../compiler/ir/verify.js';
import { summarize } from '../../compiler/summary/summary.js';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples');
const files = [...readdirSync(EXAMPLES).filter((f) => f.endsWith('.vnet')), ...readdirSync(path.join(EXAMPLES, 'lib')).map((f) => `lib/${f}`)];

describe('examples', () => {
  for (const file of files) {
    it(`${file} checks clean`, () => {
      const result = checkProgram(path.join(EXAMPLES, file));
      expect(result.diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.column} ${d.message}`)).toEqual([]);
      for (const g of result.graphs) expect(verifyGraph(g)).toEqual([]);
    });
  }

  const params = (file: string) => {
    const graph = checkProgram(path.join(EXAMPLES, file)).graphs[0];
    if (!graph) throw new Error(`${file}: no graph`);
    return summarize(graph);
  };

  it('TSN and TSM ResNet-50 have 24,327,632 parameters (torchvision, 400 classes); the shift adds none', () => {
    for (const f of ['tsn_resnet50.vnet', 'tsm_resnet50.vnet', 'tsm_resnet50_inplace.vnet', 'tsm_resnet50_online.vnet']) {
      expect(params(f).totalParams, f).toBe(24_327_632);
      expect(params(f).totalMacs, f).toBe(32_703_643_648);
    }
  });

  it("MobileNetV2 has torchvision mobilenet_v2(num_classes=400)'s 2,736,272 parameters", () => {
    expect(params('tsm_mobilenetv2_online.vnet').totalParams).toBe(2_736_272);
  });

  it('TimeSformer-Base: about 121 M parameters and 0.2 T MACs per 8x224x224 view', () => {
    const s = params('timesformer_base.vnet');
    expect(s.totalParams).toBe(121_566_352);
    expect(Math.round(s.totalMacs / 1e9)).toBe(196);
  });
});
