/**
 * Property: random TSM-like programs (test/passes/random-program.ts) whose channel counts fill
 * onnxruntime's blocks, compiled for ort-cpu with the blocked layout, give the numbers of -O0 on
 * onnxruntime CPU. Across the seeds, the layout step must have moved some shifts in the blocked layout.
 */
import { describe, expect, it } from 'vitest';
import { compileGraph } from '../../../compiler/compile.js';
import { nchwcBlockSize } from '../../../ort/nchwc-block.js';
import type { ExplainNote } from '../../../compiler/passes/pass.js';
import { TOLERANCE, graphOf, runFirst, scaledMaxDiff, seededInput } from '../../passes/helpers.js';
import { randomProgram } from '../../passes/random-program.js';

const SEEDS = Array.from({ length: Number(process.env.VNET_RANDOM_LAYOUT_CASES ?? 8) }, (_, i) => i + 1);

describe('random block-wide programs: ort-cpu blocked layout equals -O0', () => {
  let fired = 0;

  it.each(SEEDS)(
    'seed %i',
    async (seed) => {
      const program = randomProgram(seed, { channels: [128, 256] });
      const graph = graphOf(program.text);
      const notes: ExplainNote[] = [];
      const reference = await compileGraph(graph, { target: 'ort-cpu', level: 0, seed });
      const blocked = await compileGraph(graph, { target: 'ort-cpu', level: 2, seed, explain: (n) => notes.push(n) });
      fired += notes.filter((n) => n.pass === 'ort-cpu-layout' && n.fired).length;
      const input = seededInput(program.input, seed);
      const expected = await runFirst(reference.bytes as Uint8Array, input);
      const out = await runFirst(blocked.bytes as Uint8Array, input);
      expect(out.dims).toEqual(expected.dims);
      expect(scaledMaxDiff(out.data, expected.data), program.text).toBeLessThanOrEqual(TOLERANCE);
    },
    60_000,
  );

  it('moved shifts in the blocked layout', async () => {
    if ((await nchwcBlockSize()) > 0) expect(fired).toBeGreaterThan(0);
  });
});
