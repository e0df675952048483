import { describe, expect, it } from 'vitest';
import { cancelReshapes } from '../../compiler/passes/cancel-reshapes.js';
import { build, graphOf, moduleOf, opCounts, runFirst, runPass, scaledMaxDiff, seededInput, TOLERANCE } from './helpers.js';

// frames(unframes(x)) -> x ; unframes(frames(x)) -> x ; transpose(transpose(x, p), q) -> x when q∘p = id
const FRAMES = `const T = 2

network net(clip: f32[N, T, 4]) -> f32[N, T, 4] {
  return clip |> frames |> unframes |> frames |> relu |> unframes
}
`;

const TRANSPOSES = `network net(x: f32[N, 2, 3, 4]) -> f32[N, 3, 2, 4] {
  return x |> transpose(0, 2, 3, 1) |> transpose(0, 3, 1, 2) |> relu |> transpose(0, 2, 1, 3)
}
`;

const NOT_INVERSE = `network net(x: f32[N, 2, 2, 2]) -> f32[N, 2, 2, 2] {
  return x |> transpose(0, 2, 3, 1) |> transpose(0, 2, 3, 1) |> relu
}
`;

const RESHAPES = `network net(x: f32[N, 2, 6]) -> f32[N, 2, 6] {
  return x |> reshape(-1, 3, 4) |> reshape(-1, 2, 6) |> relu
}
`;

const LAST = `const T = 2

network net(clip: f32[N, T, 4]) -> f32[N, T, 4] {
  return clip |> frames |> unframes
}
`;

describe('cancel-reshapes', () => {
  it('a frames/unframes pair that undoes itself cancels: the later frames reads the clip directly', () => {
    const graph = graphOf(FRAMES);
    expect(opCounts(graph)).toEqual({ frames: 2, relu: 1, unframes: 2 });
    const first = runPass(cancelReshapes, moduleOf(graph));
    expect(first.changed).toBe(true);
    expect(opCounts(first.module.graph)).toEqual({ frames: 1, relu: 1, unframes: 1 });
    expect(first.module.graph.nodes.map((n) => `${n.op}(${n.inputs.join(',')})`)).toEqual(['frames(clip)', 'relu(frames_1)', 'unframes(relu_0)']);
    expect(runPass(cancelReshapes, first.module).changed).toBe(false);
  });

  it('two transposes that compose to the identity cancel; a third one stays', () => {
    const first = runPass(cancelReshapes, moduleOf(graphOf(TRANSPOSES)));
    expect(first.changed).toBe(true);
    expect(opCounts(first.module.graph)).toEqual({ relu: 1, transpose: 1 });
    expect(first.module.graph.nodes[0]?.inputs).toEqual(['x']);
    expect(runPass(cancelReshapes, first.module).changed).toBe(false);
  });

  it('two transposes that do not compose to the identity stay, even when the shape comes back', () => {
    const run = runPass(cancelReshapes, moduleOf(graphOf(NOT_INVERSE)));
    expect(run.changed).toBe(false);
    expect(opCounts(run.module.graph)).toEqual({ relu: 1, transpose: 2 });
  });

  it('reshape then reshape back to the source shape cancels', () => {
    const run = runPass(cancelReshapes, moduleOf(graphOf(RESHAPES)));
    expect(run.changed).toBe(true);
    expect(opCounts(run.module.graph)).toEqual({ relu: 1 });
  });

  it('a pair whose result is the graph output stays (the output keeps its name)', () => {
    const run = runPass(cancelReshapes, moduleOf(graphOf(LAST)));
    expect(run.changed).toBe(false);
    expect(opCounts(run.module.graph)).toEqual({ frames: 1, unframes: 1 });
  });

  it.each([
    ['frames', FRAMES, [3, 2, 4]],
    ['transposes', TRANSPOSES, [3, 2, 3, 4]],
    ['reshapes', RESHAPES, [3, 2, 6]],
  ] as const)('gives the same numbers (%s)', async (_name, text, dims) => {
    const graph = graphOf(text);
    const input = seededInput(dims);
    const ref = await runFirst(build(graph, { target: 'portable', level: 0 }).bytes, input);
    const out = await runFirst(build(graph, { target: 'portable', passes: ['cancel-reshapes'] }).bytes, input);
    expect(out.dims).toEqual(ref.dims);
    expect(scaledMaxDiff(out.data, ref.data)).toBeLessThanOrEqual(TOLERANCE);
  });
});
