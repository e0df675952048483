/** Name mapping of each recognised layout, on the names the official code produces. */
import { describe, expect, it } from 'vitest';
import { detectLayout } from '../../compiler/weights/layouts/layouts.js';
import { parseWeightsMap } from '../../compiler/weights/layouts/map-file.js';
import { applyRules } from '../../compiler/weights/layouts/rules.js';

function mapped(names: string[], params: string[]): [string | undefined, (string | null)[]] {
  const layout = detectLayout(names);
  const rename = layout?.renamer(names, new Set(params)) ?? ((n: string) => n);
  return [layout?.id, names.map(rename)];
}

describe('checkpoint layouts', () => {
  it('official TSM: module., base_model., .net (residual and in-place), new_fc', () => {
    expect(
      mapped(
        [
          'module.base_model.conv1.weight',
          'module.base_model.layer1.0.conv1.net.weight',
          'module.base_model.layer2.1.net.bn3.running_var',
          'module.new_fc.bias',
        ],
        ['fc.weight'],
      ),
    ).toEqual(['official-tsm', ['conv1.weight', 'layer1.0.conv1.weight', 'layer2.1.bn3.running_var', 'fc.bias']]);
  });

  it('official TSM with its flat MobileNetV2: new_fc becomes classifier.1', () => {
    expect(
      mapped(
        [
          'module.base_model.features.1.conv.3.weight',
          'module.base_model.features.2.conv.6.weight',
          'module.base_model.features.2.conv.4.bias',
          'module.new_fc.weight',
        ],
        ['classifier.1.weight'],
      ),
    ).toEqual(['official-tsm', ['features.1.conv.1.weight', 'features.2.conv.2.weight', 'features.2.conv.1.1.bias', 'classifier.1.weight']]);
  });

  it("TSM online demo MobileNetV2: flat blocks by expansion, and 'classifier'", () => {
    const names = [
      'features.0.0.weight',
      'features.1.conv.0.weight',
      'features.1.conv.4.running_mean',
      'features.2.conv.3.weight',
      'features.2.conv.6.weight',
      'features.2.conv.7.bias',
      'features.18.1.weight',
      'classifier.weight',
    ];
    expect(mapped(names, ['classifier.1.weight'])).toEqual([
      'tsm-demo-mobilenetv2',
      [
        'features.0.0.weight',
        'features.1.conv.0.0.weight',
        'features.1.conv.2.running_mean',
        'features.2.conv.1.0.weight',
        'features.2.conv.2.weight',
        'features.2.conv.3.bias',
        'features.18.1.weight',
        'classifier.1.weight',
      ],
    ]);
  });

  it('MMAction2: backbone., ConvModule conv / bn, downsample, shift .net, cls_head.fc_cls', () => {
    const names = [
      'backbone.conv1.conv.weight',
      'backbone.conv1.bn.running_mean',
      'backbone.layer1.0.conv1.conv.net.weight',
      'backbone.layer1.0.conv2.bn.weight',
      'backbone.layer3.0.downsample.conv.weight',
      'backbone.layer3.0.downsample.bn.bias',
      'cls_head.fc_cls.weight',
    ];
    expect(mapped(names, ['fc.weight'])).toEqual([
      'mmaction2',
      [
        'conv1.weight',
        'bn1.running_mean',
        'layer1.0.conv1.weight',
        'layer1.0.bn2.weight',
        'layer3.0.downsample.0.weight',
        'layer3.0.downsample.1.bias',
        'fc.weight',
      ],
    ]);
  });

  it('official TimeSformer: model.', () => {
    expect(mapped(['model.pos_embed', 'model.blocks.0.temporal_fc.weight', 'model.head.bias'], ['head.weight'])).toEqual([
      'timesformer',
      ['pos_embed', 'blocks.0.temporal_fc.weight', 'head.bias'],
    ]);
  });

  it('torchvision names are no layout: used as they are', () => {
    expect(mapped(['conv1.weight', 'layer1.0.conv1.weight', 'fc.weight'], ['fc.weight'])[0]).toBeUndefined();
    expect(mapped(['features.1.conv.0.0.weight', 'features.2.conv.3.weight', 'classifier.1.weight'], [])[0]).toBeUndefined();
  });
});

describe('--weights-map files', () => {
  it('applies rules in order, with groups, and drops', () => {
    const parsed = parseWeightsMap('# comment\n\n^encoder\\. => \nlayer(\\d)_(\\d) => layer$1.$2\ndrop ^aux\\.\n');
    expect(parsed.ok).toBe(true);
    const rules = parsed.ok ? parsed.value : [];
    expect(applyRules('encoder.layer1_0.conv1.weight', rules)).toBe('layer1.0.conv1.weight');
    expect(applyRules('aux.fc.weight', rules)).toBeNull();
  });

  it('names the line of a bad rule', () => {
    expect(parseWeightsMap('a => b\nnothing here\n')).toEqual({ ok: false, error: { line: 2, reason: "expected 'PATTERN => REPLACEMENT' or 'drop PATTERN'" } });
    expect(parseWeightsMap('(a => b')).toMatchObject({ ok: false, error: { line: 1, reason: expect.stringMatching(/^bad pattern: /) } });
  });
});

describe('without a network (vnetc weights --to)', () => {
  it("classifiers become torchvision's: fc for ResNet, classifier.1 for MobileNetV2", () => {
    expect(mapped(['module.base_model.conv1.weight', 'module.new_fc.weight'], [])[1]).toEqual(['conv1.weight', 'fc.weight']);
    expect(mapped(['features.2.conv.6.weight', 'classifier.weight'], [])[1]).toEqual(['features.2.conv.2.weight', 'classifier.1.weight']);
    expect(mapped(['module.base_model.features.2.conv.6.weight', 'module.new_fc.bias'], [])[1]).toEqual(['features.2.conv.2.weight', 'classifier.1.bias']);
  });
});
