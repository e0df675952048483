import { describe, expect, it } from 'vitest';
import { expectDiagnostics, graphOf } from './helpers.js';

/** A tiny TSM-like network with the given preprocess settings (one per line). */
function net(settings: string, input = 'f32[N, 8, 3, 32, 32]'): string {
  const body = settings
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
  return `network tiny(clip: ${input}) -> f32[N, 4] {\n  preprocess {\n${body}\n  }\n  return clip |> frames |> conv2d(4, k=3) as c |> global_avgpool |> consensus\n}\n`;
}

describe('preprocess section', () => {
  it('checks clean and carries the settings with their defaults', () => {
    const graph = graphOf(net('sampling = segments\nresize = 36\ncrop = 32\nmean = (0.485, 0.456, 0.406)\nstd = (0.229, 0.224, 0.225)'));
    expect(graph.preprocess).toEqual({
      frames: 8,
      layout: 'NTCHW',
      sampling: { scheme: 'segments' },
      resize: 36,
      crop: 32,
      order: 'rgb',
      scale: 1 / 255,
      mean: [0.485, 0.456, 0.406],
      std: [0.229, 0.224, 0.225],
      input: 'float',
    });
  });

  it('reads the TimeSformer layout and one value for every channel; words are read as written', () => {
    const src = `network tf(clip: f32[N, 3, 4, 32, 32]) -> f32[N, 4] {\n  preprocess {\n    sampling = clip\n    rate = 32\n    resize = 32\n    crop = 32\n    mean = 0.45\n    std = 0.225\n  }\n  return clip |> mean((2, 3, 4)) |> linear(4) as head\n}\n`;
    const p = graphOf(src).preprocess;
    expect(p?.layout).toBe('NCTHW');
    expect(p?.frames).toBe(4);
    expect(p?.sampling).toEqual({ scheme: 'clip', rate: 32, fps: 30 });
    expect(p?.mean).toEqual([0.45, 0.45, 0.45]);
  });

  it('crop no larger than the resize (VN496), and equal to the input size (VN498)', () => {
    expectDiagnostics(net('sampling = segments\nresize = 30\ncrop = 32\nmean = 0.5\nstd = 0.5'), ['VN496 5:12']);
    expectDiagnostics(net('sampling = segments\nresize = 256\ncrop = 224\nmean = 0.5\nstd = 0.5'), ['VN498 5:12']);
  });

  it('mean and std: one or one per channel (VN497), std positive (VN495)', () => {
    expectDiagnostics(net('sampling = segments\nresize = 36\ncrop = 32\nmean = (0.4, 0.5)\nstd = (1, 0, 1)'), ['VN497 6:12', 'VN495 7:11']);
  });

  it('sampling and its parameters', () => {
    expectDiagnostics(net('sampling = dense\nresize = 36\ncrop = 32\nmean = 0.5\nstd = 0.5'), ['VN495 3:16']);
    expectDiagnostics(net('sampling = clip\nresize = 36\ncrop = 32\nmean = 0.5\nstd = 0.5'), ['VN494 2:3']);
    expectDiagnostics(net('sampling = segments\nrate = 8\nresize = 36\ncrop = 32\nmean = 0.5\nstd = 0.5'), ['VN499 4:5']);
    expectDiagnostics(net('sampling = every\nstep = 0\nresize = 36\ncrop = 32\nmean = 0.5\nstd = 0.5'), ['VN495 4:12']);
  });

  it('unknown and repeated settings, frames that disagree with the input', () => {
    const unknown = expectDiagnostics(net('sampling = segments\nresise = 36\ncrop = 32\nmean = 0.5\nstd = 0.5'), ['VN494 2:3', 'VN493 4:5']);
    expect(unknown.diagnostics.find((d) => d.code === 'VN493')?.message).toBe("unknown preprocess setting 'resise'; did you mean 'resize'?");
    expectDiagnostics(net('sampling = segments\nresize = 36\nresize = 40\ncrop = 32\nmean = 0.5\nstd = 0.5'), ['VN492 5:5']);
    expectDiagnostics(net('sampling = segments\nframes = 16\nresize = 36\ncrop = 32\nmean = 0.5\nstd = 0.5'), ['VN498 4:14']);
  });

  it('only settings inside, only directly in a network, once', () => {
    expectDiagnostics(net('sampling = segments\nlet x = 1\nresize = 36\ncrop = 32\nmean = 0.5\nstd = 0.5'), ['VN490 4:5']);
    const inBlock = `block b(x: f32[B, C]) -> f32[B, C] {\n  preprocess {\n    sampling = segments\n  }\n  return x\n}\nnetwork n(x: f32[N, 4]) -> f32[N, 4] {\n  return x |> b\n}\n`;
    expectDiagnostics(inBlock, ['VN491 2:3']);
    const twice = net('sampling = segments\nresize = 36\ncrop = 32\nmean = 0.5\nstd = 0.5').replace(
      '  return',
      '  preprocess {\n    sampling = segments\n  }\n  return',
    );
    expectDiagnostics(twice, ['VN492 9:3']);
  });

  it('layout: written when T is also 3 (VN494 otherwise), and checked against the input (VN498)', () => {
    expectDiagnostics(net('sampling = segments\nresize = 36\ncrop = 32\nmean = 0.5\nstd = 0.5', 'f32[N, 3, 3, 32, 32]'), ['VN494 2:3']);
    expect(graphOf(net('layout = ncthw\nsampling = segments\nresize = 36\ncrop = 32\nmean = 0.5\nstd = 0.5', 'f32[N, 3, 3, 32, 32]')).preprocess?.layout).toBe(
      'NCTHW',
    );
    expectDiagnostics(net('layout = ncthw\nsampling = segments\nresize = 36\ncrop = 32\nmean = 0.5\nstd = 0.5'), ['VN498 3:14']);
  });

  it('needs a clip input with 3 channels at axis 1 or 2', () => {
    expectDiagnostics(
      net('sampling = segments\nresize = 36\ncrop = 32\nmean = 0.5\nstd = 0.5', 'f32[N, 8, 4, 32, 32]').replace('conv2d(4, k=3)', 'conv2d(4, k=3)'),
      ['VN498 2:3'],
    );
  });
});
