/**
 * Property: for random small TSM-like programs (see random-program.ts), -O2 gives the numbers of -O0
 * on onnxruntime CPU, on both targets. A failing case prints its program.
 */
import { describe, expect, it } from 'vitest';
import { TOLERANCE, build, graphOf, livelyWeights, runFirst, scaledMaxDiff, seededInput } from './helpers.js';
import { randomProgram } from './random-program.js';

const CASES = Array.from({ length: Number(process.env.VNET_RANDOM_CASES ?? 25) }, (_, i) => i + 1);
// With chains of identities (issue #17: `dropout |> dropout` broke -O2); VNET_RANDOM_CASES scales both runs.
const IDENTITY_CASES = Array.from({ length: Math.ceil(CASES.length / 2) }, (_, i) => 1000 + i);

describe('random programs: -O2 equals -O0', () => {
  it.each([...CASES, ...IDENTITY_CASES])('seed %i', async (seed) => {
    const program = randomProgram(seed, { identities: seed >= 1000 });
    const shown = `\n${program.text}`;
    const graph = graphOf(program.text);
    const weights = livelyWeights(seed);
    const input = seededInput(program.input, seed);
    for (const target of ['portable', 'ort-cpu'] as const) {
      let diff = Number.NaN;
      try {
        const ref = await runFirst(build(graph, { target, level: 0, weights }).bytes, input);
        const out = await runFirst(build(graph, { target, level: 2, weights }).bytes, input);
        expect(out.dims, shown).toEqual(ref.dims);
        diff = scaledMaxDiff(out.data, ref.data);
      } catch (error) {
        throw new Error(`${target}: ${error instanceof Error ? error.message : String(error)}${shown}`);
      }
      expect(diff, `${target}${shown}`).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});
